// Navigation: the hash route (#/contacts[/id], #/import, #/settings/data-import[/id], #/settings/contact-fields)
// picks the screen, marks the current main-menu link and keeps agents out of imports and settings.

import { renderContacts } from './contacts.js';
import { h, main, message } from './dom.js';
import { closeNotifications, refreshNotifications } from './notifications.js';
import { renderContactFields } from './settings-contact-fields.js';
import { renderDataImport } from './settings-data-import.js';
import { every, isManager, state, stopTimers } from './state.js';
import { renderWizard } from './wizard.js';

export function route() {
  if (!state.session) return;
  stopTimers();
  every(15000, refreshNotifications);
  closeNotifications();
  const hash = location.hash || '#/contacts';
  const parts = hash.replace(/^#\/?/, '').split('/');
  for (const link of document.querySelectorAll('.mainnav a')) {
    link.toggleAttribute('aria-current', false);
    if (hash.startsWith(link.getAttribute('href'))) link.setAttribute('aria-current', 'page');
  }
  const view = parts[0] || 'contacts';
  if (view === 'contacts') {
    renderContacts(parts[1] ? Number(parts[1]) : null);
  } else if (view === 'import') {
    if (!isManager()) return renderForbidden();
    renderWizard();
  } else if (view === 'settings' && parts[1] === 'data-import') {
    if (!isManager()) return renderForbidden();
    renderDataImport(parts[2] ? Number(parts[2]) : null);
  } else if (view === 'settings' && parts[1] === 'contact-fields') {
    if (!isManager()) return renderForbidden();
    renderContactFields();
  } else {
    location.hash = '#/contacts';
  }
  main().focus();
}

function renderForbidden() {
  main().replaceChildren(h('div', { class: 'card' },
    h('h1', { text: 'Not available' }),
    message('info', 'Only workspace owners and managers can import contacts or change settings.'),
    h('a', { href: '#/contacts', text: 'Back to Contacts' })));
}
