// The Add contact dialog opened by ADD CONTACT: first and last name, phone and email. A value the server refuses is
// named next to its field (for example a phone that is not a valid number under the workspace's E.164 setting).

import { api, ws } from './api.js';
import { h, message, nextId, toast } from './dom.js';
import { route } from './router.js';

export function openAddContact() {
  const fields = [['firstName', 'First Name', 'text', true], ['lastName', 'Last Name', 'text'], ['phone', 'Phone Number', 'text'], ['email', 'Email', 'email']];
  const error = h('div', { 'aria-live': 'assertive' });
  const inputs = {};
  const fieldErrors = {};
  const form = h('form', { method: 'dialog' },
    h('h2', { text: 'Add contact' }),
    fields.map(([key, label, type, required]) => {
      const id = nextId(key);
      inputs[key] = h('input', { type, id, name: key, required: !!required });
      fieldErrors[key] = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
      return h('div', { class: 'field' }, h('label', { for: id, text: required ? `${label} (required)` : label }), inputs[key], fieldErrors[key]);
    }),
    error,
    h('div', { class: 'actions' },
      h('button', { type: 'button', value: 'cancel', text: 'Cancel', onclick: () => dialog.close() }),
      h('button', { type: 'submit', class: 'primary', text: 'Save' })));
  const dialog = h('dialog', { 'aria-label': 'Add contact' }, form);
  const clearErrors = () => {
    error.replaceChildren();
    for (const [key, input] of Object.entries(inputs)) {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
      fieldErrors[key].hidden = true;
      fieldErrors[key].textContent = '';
    }
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors();
    const body = {};
    for (const [key] of fields) if (form[key].value.trim()) body[key] = form[key].value.trim();
    try {
      await api('POST', ws('/contacts'), body);
      dialog.close();
      toast('Contact added.');
      route();
    } catch (e) {
      // Each problem the server names by field goes next to that field; anything else above the buttons.
      const placed = (e.details || []).filter((d) => fieldErrors[d.field]);
      for (const d of placed) {
        const shown = fieldErrors[d.field];
        shown.textContent = shown.textContent ? `${shown.textContent} ${d.message}` : d.message;
        shown.hidden = false;
        inputs[d.field].setAttribute('aria-invalid', 'true');
        inputs[d.field].setAttribute('aria-describedby', shown.id);
      }
      if (placed.length === 0 || placed.length < (e.details || []).length) error.replaceChildren(message('error', e.message));
      const first = fields.map(([key]) => key).find((key) => !fieldErrors[key].hidden);
      if (first) inputs[first].focus();
    }
  });
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}
