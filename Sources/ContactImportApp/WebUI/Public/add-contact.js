// The Add contact dialog opened by ADD CONTACT: first and last name, phone and email.

import { api, ws } from './api.js';
import { h, message, nextId, toast } from './dom.js';
import { route } from './router.js';

export function openAddContact() {
  const fields = [['firstName', 'First Name', 'text', true], ['lastName', 'Last Name', 'text'], ['phone', 'Phone Number', 'text'], ['email', 'Email', 'email']];
  const error = h('div', { 'aria-live': 'assertive' });
  const form = h('form', { method: 'dialog' },
    h('h2', { text: 'Add contact' }),
    fields.map(([key, label, type, required]) => {
      const id = nextId(key);
      return h('div', { class: 'field' }, h('label', { for: id, text: required ? `${label} (required)` : label }),
        h('input', { type, id, name: key, required: !!required }));
    }),
    error,
    h('div', { class: 'actions' },
      h('button', { type: 'button', value: 'cancel', text: 'Cancel', onclick: () => dialog.close() }),
      h('button', { type: 'submit', class: 'primary', text: 'Save' })));
  const dialog = h('dialog', { 'aria-label': 'Add contact' }, form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {};
    for (const [key] of fields) if (form[key].value.trim()) body[key] = form[key].value.trim();
    try {
      await api('POST', ws('/contacts'), body);
      dialog.close();
      toast('Contact added.');
      route();
    } catch (e) {
      error.replaceChildren(message('error', e.message));
    }
  });
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}
