// Settings › Contact Fields: the workspace's standard and custom fields, and the form for a new custom field.

import { api, ws } from './api.js';
import { h, main, message, nextId } from './dom.js';
import { forgetWizardFields } from './wizard-state.js';

export async function renderContactFields() {
  const listArea = h('div', { id: 'fields-area' }, h('p', { text: 'Loading…' }));
  const nameId = nextId('field-name');
  const idId = nextId('field-id');
  const typeId = nextId('field-type');
  const optionsId = nextId('field-options');
  const status = h('div', { 'aria-live': 'polite', id: 'field-form-status' });
  const typeSelect = h('select', { id: typeId, name: 'type' },
    [['text', 'Text'], ['list', 'List'], ['checkbox', 'Checkbox'], ['email', 'Email'], ['number', 'Number'], ['url', 'URL'], ['date', 'Date (YYYY-MM-DD)'], ['time', 'Time (HH:MM)']]
      .map(([v, t]) => h('option', { value: v, text: t })));
  const optionsField = h('div', { class: 'field', hidden: true },
    h('label', { for: optionsId, text: 'Options (one per line)' }), h('textarea', { id: optionsId, name: 'options' }));
  typeSelect.addEventListener('change', () => { optionsField.hidden = typeSelect.value !== 'list'; });
  const nameInput = h('input', { type: 'text', id: nameId, name: 'name', maxlength: '50', required: true });
  const idInput = h('input', { type: 'text', id: idId, name: 'fieldId', pattern: '[A-Za-z0-9_]+', required: true, 'aria-describedby': `${idId}-hint` });
  let idEdited = false;
  idInput.addEventListener('input', () => { idEdited = true; });
  nameInput.addEventListener('input', () => {
    if (!idEdited) idInput.value = nameInput.value.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  });
  const form = h('form', { id: 'new-field-form', novalidate: true },
    h('h2', { text: 'New custom field' }),
    h('div', { class: 'row' },
      h('div', { class: 'field' }, h('label', { for: nameId, text: 'Name' }), nameInput),
      h('div', { class: 'field' }, h('label', { for: idId, text: 'Field ID' }), idInput),
      h('div', { class: 'field' }, h('label', { for: typeId, text: 'Type' }), typeSelect)),
    h('p', { class: 'hint', id: `${idId}-hint`, text: 'Field ID: letters, digits and underscores; it cannot be changed later. Names are unique in the workspace.' }),
    optionsField, status,
    h('button', { type: 'submit', class: 'primary', id: 'create-field', text: 'Create field' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { name: nameInput.value.trim(), fieldId: idInput.value.trim(), type: typeSelect.value };
    if (body.type === 'list') body.options = form.options.value.split('\n').map((o) => o.trim()).filter(Boolean);
    try {
      const created = await api('POST', ws('/contact-fields'), body);
      status.replaceChildren(message('success', `Created “${created.name}”.`));
      form.reset();
      idEdited = false;
      optionsField.hidden = true;
      forgetWizardFields();
      await load();
    } catch (e) {
      status.replaceChildren(message('error', e.message));
    }
  });
  main().replaceChildren(h('h1', { text: 'Settings › Contact Fields' }),
    h('section', { class: 'card' }, h('h2', { text: 'Contact fields' }), listArea),
    h('section', { class: 'card' }, form));
  const load = async () => {
    let fields;
    try { fields = (await api('GET', ws('/contact-fields'))).fields; } catch (e) { listArea.replaceChildren(message('error', e.message)); return; }
    listArea.replaceChildren(h('div', { class: 'table-wrap' }, h('table', { id: 'fields-table' },
      h('thead', {}, h('tr', {}, ['Name', 'Key', 'Type', 'Options', 'Kind'].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, fields.map((f) => h('tr', {},
        h('td', { text: f.name }), h('td', {}, h('code', { text: f.key })), h('td', { text: f.type }),
        h('td', { text: (f.options || []).join(', ') }), h('td', { text: f.standard ? 'Standard' : 'Custom' })))))));
  };
  await load();
}
