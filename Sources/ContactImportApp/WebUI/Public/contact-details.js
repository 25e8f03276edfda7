// One contact's details under the list: every standard field, the custom values under their field names, when it was
// created and updated, and its Activity (contact-activity.js).

import { api, ws } from './api.js';
import { activitySection } from './contact-activity.js';
import { $, formatDate, h, message } from './dom.js';
import { isManager } from './state.js';

export async function showContact(id, detail) {
  let contact;
  let fields = [];
  try {
    contact = await api('GET', ws(`/contacts/${id}`));
    if (isManager()) fields = (await api('GET', ws('/contact-fields'))).fields;
  } catch (e) {
    detail.replaceChildren(message('error', e.message));
    return;
  }
  const nameOf = (key) => fields.find((f) => f.key === key)?.name || key;
  const rows = [
    ['Contact ID', contact.id], ['First Name', contact.firstName], ['Last Name', contact.lastName],
    ['Phone Number', contact.phone], ['Email', contact.email], ['Language', contact.language], ['Country', contact.country],
    ['Tags', (contact.tags || []).join(', ')],
    ...Object.entries(contact.custom || {}).map(([key, value]) => [nameOf(`custom.${key}`), value]),
    ['Created', formatDate(contact.createdAt)], ['Updated', formatDate(contact.updatedAt)],
  ];
  detail.replaceChildren(h('div', { class: 'card details' },
    h('div', { class: 'spread' }, h('h2', { id: 'contact-detail-heading', tabindex: '-1', text: [contact.firstName, contact.lastName].filter(Boolean).join(' ') }),
      h('a', { href: '#/contacts', text: 'Close' })),
    h('dl', {}, rows.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: v === null || v === undefined || v === '' ? '—' : String(v) })])),
    activitySection(contact.id)));
  $('#contact-detail-heading').focus();
}
