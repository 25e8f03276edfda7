// Part 2 of the import wizard: mapping each column of the file to a contact field (matches by name; suggestions with
// their reason, a known header name or the values, each applied by its Use button or all at once by Accept all
// suggestions; Do Not Overwrite when the purpose updates contacts), the columns with no value anywhere listed apart
// and skipped, the rules NEXT needs, and saving the configuration. A column mapped to a date field has a Date format
// select: the one format its values fit is preselected, several (its dates read both ways) make choosing one a rule,
// none leaves the default (YYYY-MM-DD). An upload that took an earlier import's settings shows its warnings here too,
// and its carried columns are marked; so does a corrected file (Part 3), which says what it replaced.

import { api, ws } from './api.js';
import { h, message } from './dom.js';
import { goToPart } from './wizard.js';
import { ADDING, DATE_FORMATS, DEFAULT_DATE_FORMAT, IDENTIFIERS, UPDATING, wizard } from './wizard-state.js';
import { warningList } from './wizard-upload.js';

// The date format a column's values are read with: the one chosen (or carried), else the one its values fit, else
// '' when several fit (the user must choose), else the default.
function dateFormatOf(column) {
  const m = wizard.mapping[column.index];
  if (m.dateFormat !== undefined) return m.dateFormat;
  const fits = column.dateFormats || [];
  return fits.length === 1 ? fits[0] : fits.length > 1 ? '' : DEFAULT_DATE_FORMAT;
}

const isDateField = (key) => !!key && (wizard.fields || []).some((f) => f.key === key && f.type === 'date');
const datedColumns = () => wizard.upload.columns.filter((c) => !c.empty && wizard.mapping[c.index].selected && isDateField(wizard.mapping[c.index].field));

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
  for (const column of datedColumns()) {
    if ((column.dateFormats || []).length > 1) rules.push({ text: `Choose the date format of “${column.header}”: its dates read both ways`, met: !!dateFormatOf(column) });
  }
  return rules;
}

async function loadFields() {
  if (!wizard.fields) wizard.fields = (await api('GET', ws('/contact-fields'))).fields;
  return wizard.fields;
}

// How a column was mapped on upload, and why a field is suggested for one, as the page says them (another reason
// or way the server may add reads as "Mapped automatically", or shows no reason).
const MATCHES = {
  name: 'Matched by name',
  remembered: 'As in your last import',
};
const REASONS = {
  synonym: 'the header is a known name for it',
  values: 'from its values',
};

export async function renderPart2(body) {
  body.replaceChildren(h('p', { text: 'Loading contact fields…' }));
  let fields;
  try { fields = await loadFields(); } catch (e) { body.replaceChildren(message('error', e.message)); return; }
  const usable = fields.filter((f) => f.key !== 'contactId' || wizard.identifier === 'contactId');
  const isUsable = (key) => usable.some((f) => f.key === key);
  const nameOf = (key) => fields.find((f) => f.key === key)?.name || key;
  const updates = UPDATING.has(wizard.purpose);
  const rulesList = h('ul', { class: 'rules', id: 'mapping-rules', 'aria-live': 'polite' });
  const next = h('button', { type: 'button', class: 'primary', id: 'part2-next', text: 'NEXT' });
  const error = h('div', { id: 'part2-error', 'aria-live': 'assertive' });
  const columns = wizard.upload.columns.filter((c) => !c.empty);
  const emptyColumns = wizard.upload.columns.filter((c) => c.empty);

  // The field each selected column is mapped to: field key → column index.
  const takenFields = () => {
    const taken = new Map();
    for (const [index, m] of Object.entries(wizard.mapping)) if (m.selected && m.field) taken.set(m.field, Number(index));
    return taken;
  };
  const takenByOther = (key, index, taken = takenFields()) => taken.has(key) && taken.get(key) !== index;
  // A suggestion the page can still apply: not applied yet, its field offered and free, the column not mapped to
  // another field by hand.
  const pending = (column, taken = takenFields()) => {
    const m = wizard.mapping[column.index];
    const s = column.suggestion;
    if (!s || column.field || column.empty || !isUsable(s)) return false;
    if (m.selected && m.field === s) return false;
    if (m.field && m.field !== s) return false;
    return !takenByOther(s, column.index, taken);
  };

  const acceptAll = h('button', { type: 'button', id: 'accept-suggestions', hidden: true });
  const suggestionsStatus = h('p', { class: 'hint', id: 'suggestions-status', tabindex: '-1', 'aria-live': 'polite' });
  const rowsByIndex = new Map();
  // The mapping an earlier import's settings carried (Import again with these settings): column index → field.
  const carried = new Map(wizard.carriedFrom ? (wizard.upload.config?.mapping || []).map((p) => [p.column, p.field]) : []);

  const refresh = () => {
    const rules = mappingRules();
    rulesList.replaceChildren(...rules.map((r) => h('li', { class: r.met ? 'met' : '', text: r.text })));
    next.disabled = !rules.every((r) => r.met);
    const taken = takenFields();
    for (const select of body.querySelectorAll('select.field-picker')) {
      const index = Number(select.dataset.column);
      for (const option of select.options) option.disabled = !!option.value && takenByOther(option.value, index, taken);
    }
    for (const row of rowsByIndex.values()) row.sync(taken);
    const waiting = columns.filter((c) => pending(c, taken)).length;
    acceptAll.hidden = waiting === 0;
    acceptAll.textContent = `Accept all suggestions (${waiting})`;
  };

  const applySuggestion = (column) => {
    const m = wizard.mapping[column.index];
    m.field = column.suggestion;
    m.selected = true;
  };

  acceptAll.addEventListener('click', () => {
    let applied = 0;
    for (const column of columns) {
      if (!pending(column)) continue;  // taken fields are read again after each one applied
      applySuggestion(column);
      applied += 1;
    }
    refresh();
    suggestionsStatus.textContent = applied === 1 ? '1 suggestion applied.' : `${applied} suggestions applied.`;
    suggestionsStatus.focus();
  });

  const rows = columns.map((column) => {
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
      refresh();
    });
    const marks = h('div', { class: 'marks' });
    // The Date format select, while the column is mapped to a date field.
    const dateArea = h('div', { class: 'date-format' });
    const dateSelectId = `map-date-${column.index}`;
    const dateHint = h('span', { class: 'hint', id: `${dateSelectId}-hint` });
    let dateSelect = null;
    const syncDate = () => {
      const dated = isDateField(m.field);
      if (!dated) {
        if (dateSelect) { dateSelect = null; dateArea.replaceChildren(); }
        return;
      }
      const fits = column.dateFormats || [];
      const chosen = dateFormatOf(column);
      if (!dateSelect) {
        dateSelect = h('select', { id: dateSelectId, class: 'date-picker', 'aria-describedby': dateHint.id },
          fits.length > 1 ? h('option', { value: '', text: '— Choose a format —' }) : null,
          DATE_FORMATS.map((f) => h('option', { value: f, text: fits.includes(f) && fits.length > 1 ? `${f} (fits the values)` : f })));
        dateSelect.addEventListener('change', () => { m.dateFormat = dateSelect.value; refresh(); });
        dateArea.replaceChildren(h('label', { for: dateSelectId, text: 'Date format' }), dateSelect, dateHint);
      }
      if (dateSelect.value !== chosen) dateSelect.value = chosen;
      dateHint.textContent = fits.length === 1 && chosen === fits[0] ? 'Detected from the values'
        : fits.length > 1 && !chosen ? `Its dates read both ways (${fits.join(', ')}): choose one`
          : fits.length === 0 && m.dateFormat === undefined ? 'Default format: no format fits all its values' : '';
    };
    const suggestionName = column.suggestion ? nameOf(column.suggestion) : '';
    const reason = REASONS[column.suggestionReason];
    const useButton = h('button', {
      type: 'button', class: 'link-button', id: `use-suggestion-${column.index}`,
      'aria-label': `Use suggestion ${suggestionName} for column ${column.header}`, text: 'Use',
      onclick: () => { applySuggestion(column); refresh(); select.focus(); },
    });
    let shown = null;
    const sync = (taken) => {
      if (select.value !== m.field) select.value = m.field;
      checkbox.checked = m.selected;
      syncDate();
      const suggested = !column.field && column.suggestion && isUsable(column.suggestion);
      const state = {
        carried: !!m.field && carried.get(column.index) === m.field,
        matched: !!column.field && m.field === column.field,
        leftOut: !column.field && column.matchedBy === 'remembered' && !m.field,
        applied: suggested && m.selected && m.field === column.suggestion,
        usable: suggested && pending(column, taken),
        taken: suggested && takenByOther(column.suggestion, column.index, taken),
      };
      const key = JSON.stringify(state);
      if (key === shown) return;  // unchanged: keep the Use button (and the focus it may have)
      shown = key;
      const items = [];
      if (state.carried) {
        items.push(h('span', { class: 'badge-inline auto', text: `As in ${wizard.carriedFrom}` }));
      } else if (state.matched) {
        items.push(h('span', { class: 'badge-inline auto', text: MATCHES[column.matchedBy || 'name'] || 'Mapped automatically' }));
      } else if (state.leftOut) {
        items.push(h('span', { class: 'reason', text: 'Left out in your last import' }));
      } else if (suggested) {
        items.push(h('span', { class: 'badge-inline', text: state.applied ? `Suggestion used: ${suggestionName}` : `Suggested: ${suggestionName}` }));
        if (reason) items.push(h('span', { class: 'reason', text: ` — ${reason}` }));
        if (state.usable) items.push(' ', useButton);
        else if (!state.applied && state.taken) items.push(h('span', { class: 'reason', text: ` (${suggestionName} is already mapped to another column)` }));
      }
      const hadFocus = marks.contains(document.activeElement);
      marks.replaceChildren(...items);
      if (hadFocus && !marks.contains(document.activeElement)) select.focus();
    };
    rowsByIndex.set(column.index, { sync });
    const dno = updates
      ? h('td', {}, h('input', { type: 'checkbox', id: dnoId, class: 'dno', checked: m.doNotOverwrite, onchange: (e) => { m.doNotOverwrite = e.target.checked; } }),
        h('label', { for: dnoId, class: 'visually-hidden dno-label', text: `Do Not Overwrite for column ${column.header}` }))
      : null;
    return h('tr', { 'data-column': String(column.index) },
      h('td', {}, checkbox, h('label', { for: checkId, class: 'visually-hidden', text: `Import column ${column.header}` })),
      h('th', { scope: 'row' }, column.header, marks),
      h('td', { class: 'samples' }, column.samples.length ? column.samples.map((s) => h('span', { text: s || '(empty)' })) : h('span', { text: '(no values)' })),
      h('td', {}, h('label', { for: selectId, class: 'visually-hidden', text: `Contact Field for column ${column.header}` }), select, dateArea),
      dno);
  });

  let dnoAll = null;
  if (updates) {
    dnoAll = h('input', { type: 'checkbox', id: 'dno-all', checked: columns.every((c) => wizard.mapping[c.index].doNotOverwrite) });
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

  // Columns without a value anywhere in the file: listed apart, collapsed, and skipped.
  const emptyList = emptyColumns.length
    ? h('details', { id: 'empty-columns', class: 'empty-columns' },
      h('summary', { text: `${emptyColumns.length} empty ${emptyColumns.length === 1 ? 'column' : 'columns'} (no value anywhere in the file) — not imported` }),
      h('ul', {}, emptyColumns.map((c) => h('li', { 'data-column': String(c.index), text: c.header || `(column ${c.index + 1}, no header)` }))))
    : null;

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
      wizard.correctedFrom
        ? h('div', { id: 'corrected-notice' }, message('info', `${wizard.upload.fileName} replaced ${wizard.correctedFrom} in this import, which kept its settings for the columns the file still has. Check the mapping, then click NEXT to review the file again.`))
        : null,
      warningList('mapping-warnings'),
      h('p', { text: 'Map each column of the file to a Contact Field. Headers that match a field’s name are mapped for you. Other columns may carry a suggestion, from a known header name (as other apps export them) or from their values: it applies only once you use it. Uncheck a column to skip it.' }),
      updates ? h('p', { class: 'hint', text: 'Do Not Overwrite keeps a contact’s existing value and only fills fields that are empty (for Tags: adds the new tags to the existing ones). By default the file’s value replaces the stored one, and an empty cell clears it.' }) : null,
      h('div', { class: 'suggestion-bar' }, acceptAll, suggestionsStatus),
      h('div', { class: 'table-wrap' }, table),
      emptyList),
    h('section', { class: 'card', 'aria-labelledby': 'rules-heading' }, h('h2', { id: 'rules-heading', text: 'Before you continue' }), rulesList, error),
    h('div', { class: 'actions' }, h('button', { type: 'button', id: 'part2-back', text: 'BACK', onclick: () => goToPart(1) }), next));
  refresh();
}

function configBody() {
  const mapping = Object.entries(wizard.mapping)
    .filter(([, m]) => m.selected && m.field)
    .map(([index, m]) => {
      const entry = { column: Number(index), field: m.field, doNotOverwrite: UPDATING.has(wizard.purpose) && m.doNotOverwrite };
      const column = wizard.upload.columns.find((c) => c.index === Number(index));
      const format = isDateField(m.field) && column ? dateFormatOf(column) : '';
      if (format && format !== DEFAULT_DATE_FORMAT) entry.dateFormat = format;
      return entry;
    });
  return {
    purpose: wizard.purpose,
    identifier: wizard.purpose === 'addAll' ? null : wizard.identifier,
    tags: wizard.tags,
    importTag: wizard.importTagRemoved ? null : wizard.importTag,
    mapping,
  };
}
