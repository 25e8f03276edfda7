// Navigation: the hash route (#/contacts[/id], #/merge-suggestions, #/import, #/settings/data-import[/id],
// #/settings/contact-fields, #/settings/workspace, #/settings/members, #/account, and #/workspaces/{ws}/imports/{id},
// the link in the import-finished email) picks the screen, marks the current main-menu link and keeps agents out of
// Merge Suggestions, imports and settings (managers see the workspace's settings read-only).

import { renderAccount } from './account.js';
import { renderContacts } from './contacts.js';
import { h, main, message } from './dom.js';
import { renderImportLink } from './import-link.js';
import { renderMergeSuggestions } from './merge-suggestions.js';
import { closeNotifications, refreshNotifications } from './notifications.js';
import { renderContactFields } from './settings-contact-fields.js';
import { renderDataImport } from './settings-data-import.js';
import { renderMembers } from './settings-members.js';
import { renderWorkspaceSettings } from './settings-workspace.js';
import { every, isManager, state, stopTimers } from './state.js';
import { renderWizard } from './wizard.js';

const MANAGERS_ONLY = 'Only workspace owners and managers can import contacts or change settings.';

export function route() {
  if (!state.session) return;
  stopTimers();
  every(15000, refreshNotifications);
  closeNotifications();
  const hash = location.hash || '#/contacts';
  const parts = hash.replace(/^#\/?/, '').split('/');
  // An import's link belongs under Settings › Data Import.
  const current = parts[0] === 'workspaces' ? '#/settings/data-import' : hash;
  for (const link of document.querySelectorAll('.mainnav a, #account-link')) {
    link.toggleAttribute('aria-current', false);
    if (current.startsWith(link.getAttribute('href'))) link.setAttribute('aria-current', 'page');
  }
  const view = parts[0] || 'contacts';
  const setting = view === 'settings' ? parts[1] : null;
  if (view === 'contacts') {
    renderContacts(parts[1] ? Number(parts[1]) : null);
  } else if (view === 'merge-suggestions') {
    if (!isManager()) return renderForbidden('Only workspace owners and managers can merge contacts.');
    renderMergeSuggestions();
  } else if (view === 'import') {
    if (!isManager()) return renderForbidden(MANAGERS_ONLY);
    renderWizard();
  } else if (setting === 'data-import') {
    if (!isManager()) return renderForbidden(MANAGERS_ONLY);
    renderDataImport(parts[2] ? Number(parts[2]) : null);
  } else if (setting === 'contact-fields') {
    if (!isManager()) return renderForbidden(MANAGERS_ONLY);
    renderContactFields();
  } else if (setting === 'members') {
    if (!isManager()) return renderForbidden('Only workspace owners and managers can see the workspace’s members.');
    renderMembers();
  } else if (setting === 'workspace') {
    if (!isManager()) return renderForbidden('Only workspace owners and managers can see the workspace’s settings.');
    renderWorkspaceSettings();
  } else if (view === 'account') {
    renderAccount();
  } else if (view === 'workspaces' && parts[2] === 'imports' && /^\d+$/.test(parts[1] || '') && /^\d+$/.test(parts[3] || '')) {
    renderImportLink(Number(parts[1]), Number(parts[3]));
  } else {
    location.hash = '#/contacts';
  }
  main().focus();
}

function renderForbidden(text) {
  main().replaceChildren(h('div', { class: 'card' },
    h('h1', { text: 'Not available' }),
    message('info', text),
    h('a', { href: '#/contacts', text: 'Back to Contacts' })));
}
