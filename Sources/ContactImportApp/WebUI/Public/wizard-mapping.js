// Part 2 of the import wizard: mapping each column of the file to a contact field (matches by name, suggestions,
// Do Not Overwrite when the purpose updates contacts), the rules NEXT needs, and saving the configuration.

import { api, ws } from './api.js';
import { h, message } from './dom.js';
import { goToPart } from './wizard.js';
import { ADDING, IDENTIFIERS, UPDATING, wizard } from './wizard-state.js';

function mappingRules() {
  const selected = Object.entries(wizard.mapping).filter(([, m]) => m.selected);
  const mappedFields = selected.map(([, m]) => m.field).filter(Boolean);
  const rules = [{ text: 'At least one column is selected', met: selected.length > 0 }];
  rules.push({ text: 'Every selected column is mapped to a Contact Field', met: selected.every(([, m]) => m.field) });
  rules.push({ text: 'Each Contact Field is mapped only once', met: new Set(mappedFields).size === mappedFields.length });
  if (wizard.purpose !== 'addAll') {
    const identifier = IDENTIFIERS.find((i) => i.id === wizard.identifier);
    rules.push({ text: `The identifier (${identifier.title}) is mapped`, met: mappedFields.includes(identifier.field) });
  }
  if (ADDING.has(wizard.purpose)) rules.push({ text: 'First Name is mapped (required to add new Contacts)', met: mappedFields.includes('firstName') });
  return rules;
}

async function loadFields() {
  if (!wizard.fields) wizard.fields = (await api('GET', ws('/contact-fields'))).fields;
  return wizard.fields;
}

export async function renderPart2(body) {
  body.replaceChildren(h('p', { text: 'Loading contact fields…' }));
  let fields;
  try { fields = await loadFields(); } catch (e) { body.replaceChildren(message('error', e.message)); return; }
  const usable = fields.filter((f) => f.key !== 'contactId' || wizard.identifier === 'contactId');
  const nameOf = (key) => fields.find((f) => f.key === key)?.name || key;
  const updates = UPDATING.has(wizard.purpose);
  const rulesList = h('ul', { class: 'rules', id: 'mapping-rules', 'aria-live': 'polite' });
  const next = h('button', { type: 'button', class: 'primary', id: 'part2-next', text: 'NEXT' });
  const error = h('div', { id: 'part2-error', 'aria-live': 'assertive' });

  const refresh = () => {
    const rules = mappingRules();
    rulesList.replaceChildren(...rules.map((r) => h('li', { class: r.met ? 'met' : '', text: r.text })));
    next.disabled = !rules.every((r) => r.met);
    const taken = new Map();
    for (const [index, m] of Object.entries(wizard.mapping)) if (m.selected && m.field) taken.set(m.field, Number(index));
    for (const select of body.querySelectorAll('select.field-picker')) {
      const index = Number(select.dataset.column);
      for (const option of select.options) {
        option.disabled = !!option.value && taken.has(option.value) && taken.get(option.value) !== index;
      }
    }
  };

  const rows = wizard.upload.columns.map((column) => {
    const m = wizard.mapping[column.index];
    const checkId = `map-include-${column.index}`;
    const selectId = `map-field-${column.index}`;
    const dnoId = `map-dno-${column.index}`;
    const checkbox = h('input', { type: 'checkbox', id: checkId, checked: m.selected });
    const select = h('select', { id: selectId, class: 'field-picker', 'data-column': String(column.index) },
      h('option', { value: '', text: '— Choose a field —' }),
      h('optgroup', { label: 'Standard fields' }, usable.filter((f) => f.standard).map((f) => h('option', { value: f.key, text: f.name, selected: f.key === m.field }))),
      usable.some((f) => !f.standard)
        ? h('optgroup', { label: 'Custom fields' }, usable.filter((f) => !f.standard).map((f) => h('option', { value: f.key, text: `${f.name} (${f.type})`, selected: f.key === m.field })))
        : null);
    select.value = m.field;
    checkbox.addEventListener('change', () => { m.selected = checkbox.checked; refresh(); });
    select.addEventListener('change', () => {
      m.field = select.value;
      m.selected = !!select.value;
      checkbox.checked = m.selected;
      refresh();
    });
    const marks = [];
    if (column.field) marks.push(h('span', { class: 'badge-inline auto', text: 'Matched by name' }));
    if (column.suggestion && !column.field) {
      const suggestionName = nameOf(column.suggestion);
      marks.push(h('span', { class: 'badge-inline', text: `Suggested: ${suggestionName}` }));
      if (m.field !== column.suggestion && usable.some((f) => f.key === column.suggestion)) {
        marks.push(h('button', {
          type: 'button', class: 'link-button', 'aria-label': `Use suggestion ${suggestionName} for column ${column.header}`, text: 'Use',
          onclick: () => { select.value = column.suggestion; select.dispatchEvent(new Event('change')); },
        }));
      }
    }
    const dno = updates
      ? h('td', {}, h('input', { type: 'checkbox', id: dnoId, class: 'dno', checked: m.doNotOverwrite, onchange: (e) => { m.doNotOverwrite = e.target.checked; } }),
        h('label', { for: dnoId, class: 'visually-hidden dno-label', text: `Do Not Overwrite for column ${column.header}` }))
      : null;
    return h('tr', { 'data-column': String(column.index) },
      h('td', {}, checkbox, h('label', { for: checkId, class: 'visually-hidden', text: `Import column ${column.header}` })),
      h('th', { scope: 'row' }, column.header, h('div', {}, marks)),
      h('td', { class: 'samples' }, column.samples.length ? column.samples.map((s) => h('span', { text: s || '(empty)' })) : h('span', { text: '(no values)' })),
      h('td', {}, h('label', { for: selectId, class: 'visually-hidden', text: `Contact Field for column ${column.header}` }), select),
      dno);
  });

  let dnoAll = null;
  if (updates) {
    dnoAll = h('input', { type: 'checkbox', id: 'dno-all', checked: Object.values(wizard.mapping).every((m) => m.doNotOverwrite) });
    dnoAll.addEventListener('change', () => {
      for (const m of Object.values(wizard.mapping)) m.doNotOverwrite = dnoAll.checked;
      for (const box of body.querySelectorAll('input.dno')) box.checked = dnoAll.checked;
    });
  }
  const table = h('table', { id: 'mapping-table' },
    h('caption', { class: 'visually-hidden', text: 'Column mapping' }),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', text: 'Import' }), h('th', { scope: 'col', text: 'Column header' }),
      h('th', { scope: 'col', text: 'Sample values' }), h('th', { scope: 'col', text: 'Contact Field' }),
      updates ? h('th', { scope: 'col', class: 'dno-head' }, h('label', { for: 'dno-all' }, 'Do Not Overwrite', h('span', { class: 'visually-hidden', text: ' (every column)' })), ' ', dnoAll) : null)),
    h('tbody', {}, rows));

  next.addEventListener('click', async () => {
    next.disabled = true;
    error.replaceChildren(message('info', 'Saving the mapping and validating the file…'));
    try {
      await api('PUT', ws(`/imports/${wizard.upload.id}/config`), configBody());
      wizard.review = null;
      goToPart(3);
    } catch (e) {
      error.replaceChildren(message('error', e.message));
      next.disabled = false;
    }
  });

  body.replaceChildren(
    h('section', { class: 'card' },
      h('p', { text: 'Map each column of the file to a Contact Field. Headers that match a field name exactly are mapped for you; close matches are suggested. Uncheck a column to skip it.' }),
      updates ? h('p', { class: 'hint', text: 'Do Not Overwrite keeps a contact’s existing value and only fills fields that are empty (for Tags: adds the new tags to the existing ones). By default the file’s value replaces the stored one, and an empty cell clears it.' }) : null,
      h('div', { class: 'table-wrap' }, table)),
    h('section', { class: 'card', 'aria-labelledby': 'rules-heading' }, h('h2', { id: 'rules-heading', text: 'Before you continue' }), rulesList, error),
    h('div', { class: 'actions' }, h('button', { type: 'button', id: 'part2-back', text: 'BACK', onclick: () => goToPart(1) }), next));
  refresh();
}

function configBody() {
  const mapping = Object.entries(wizard.mapping)
    .filter(([, m]) => m.selected && m.field)
    .map(([index, m]) => ({ column: Number(index), field: m.field, doNotOverwrite: UPDATING.has(wizard.purpose) && m.doNotOverwrite }));
  return {
    purpose: wizard.purpose,
    identifier: wizard.purpose === 'addAll' ? null : wizard.identifier,
    tags: wizard.tags,
    importTag: wizard.importTagRemoved ? null : wizard.importTag,
    mapping,
  };
}
