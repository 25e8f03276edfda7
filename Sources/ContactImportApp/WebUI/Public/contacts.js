// Contacts (#/contacts[/id]): the list with search, tag filter and paging, the ADD CONTACT button with its arrow menu
// (Import Contacts, for owners and managers), Export of the contacts the search and tag select (owners and managers),
// and under the list the details of the contact in the route.

import { openAddContact } from './add-contact.js';
import { api, ws } from './api.js';
import { showContact } from './contact-details.js';
import { exportControls } from './contacts-export.js';
import { formatDate, h, main, message, nextId, tagList } from './dom.js';
import { isManager } from './state.js';

const contactsView = { search: '', tag: '', cursors: [null], page: 0 };

export async function renderContacts(detailId) {
  const searchId = nextId('search');
  const tagId = nextId('tag');
  const results = h('div', { id: 'contacts-results', 'aria-live': 'polite' });
  const menuId = nextId('add-menu');
  const menu = h('ul', { class: 'menu', id: menuId, role: 'menu', hidden: true, 'aria-label': 'More ways to add contacts' },
    h('li', { role: 'none' }, h('button', { type: 'button', role: 'menuitem', id: 'menu-import-contacts', text: 'Import Contacts', onclick: () => { location.hash = '#/import'; } })));
  const arrow = h('button', {
    type: 'button', class: 'primary arrow', id: 'add-contact-arrow', 'aria-haspopup': 'menu', 'aria-expanded': 'false',
    'aria-controls': menuId, 'aria-label': 'More ways to add contacts',
  }, '▾');
  const toggleMenu = (open) => {
    menu.hidden = !open;
    arrow.setAttribute('aria-expanded', String(open));
    if (open) menu.querySelector('button').focus();
  };
  arrow.addEventListener('click', () => toggleMenu(menu.hidden));
  menu.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') { toggleMenu(false); arrow.focus(); }
  });
  const split = h('div', { class: 'split' },
    h('button', { type: 'button', class: 'primary', id: 'add-contact', text: 'ADD CONTACT', onclick: () => openAddContact() }),
    isManager() ? arrow : null, isManager() ? menu : null);

  const form = h('form', { class: 'row', role: 'search', id: 'contact-search' },
    h('div', { class: 'field' }, h('label', { for: searchId, text: 'Search' }),
      h('input', { type: 'search', id: searchId, name: 'search', value: contactsView.search, placeholder: 'Name, phone or email' })),
    h('div', { class: 'field' }, h('label', { for: tagId, text: 'Tag' }),
      h('input', { type: 'text', id: tagId, name: 'tag', value: contactsView.tag, placeholder: 'Exact tag' })),
    h('div', { class: 'field' }, h('button', { type: 'submit', text: 'Search' })));
  // The search and tag typed become the list's; true when they changed it (the list starts again from its first page).
  const applyFilter = () => {
    const search = form.search.value.trim();
    const tag = form.tag.value.trim();
    const changed = search !== contactsView.search || tag !== contactsView.tag;
    contactsView.search = search;
    contactsView.tag = tag;
    if (changed) { contactsView.cursors = [null]; contactsView.page = 0; }
    return changed;
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    applyFilter();
    contactsView.cursors = [null];
    contactsView.page = 0;
    loadContacts(results);
  });
  // Export takes the search and tag in the boxes: typed but not yet searched, the list catches up first.
  const exporting = isManager()
    ? exportControls(() => {
      if (applyFilter()) loadContacts(results);
      return { search: contactsView.search, tag: contactsView.tag };
    })
    : null;
  const detail = h('section', { id: 'contact-detail', 'aria-live': 'polite' });
  main().replaceChildren(...[
    h('div', { class: 'spread' }, h('h1', { text: 'Contacts' }),
      h('div', { class: 'header-actions' }, exporting?.controls, split)),
    exporting?.status,
    h('div', { class: 'card' }, form, results),
    detail].filter(Boolean));
  await loadContacts(results);
  if (detailId) showContact(detailId, detail);
}

async function loadContacts(results) {
  const params = new URLSearchParams({ limit: '25' });
  if (contactsView.search) params.set('search', contactsView.search);
  if (contactsView.tag) params.set('tag', contactsView.tag);
  const cursor = contactsView.cursors[contactsView.page];
  if (cursor) params.set('cursor', cursor);
  let data;
  try {
    data = await api('GET', ws(`/contacts?${params}`));
  } catch (e) {
    results.replaceChildren(message('error', e.message));
    return;
  }
  contactsView.cursors[contactsView.page + 1] = data.nextCursor;
  if (data.contacts.length === 0) {
    results.replaceChildren(h('p', { id: 'no-contacts', text: contactsView.search || contactsView.tag ? 'No contacts match.' : 'No contacts yet. Add one, or import a CSV file.' }));
    return;
  }
  const table = h('table', { id: 'contacts-table' },
    h('caption', { class: 'visually-hidden', text: 'Contacts, newest first' }),
    h('thead', {}, h('tr', {}, ['Name', 'Phone Number', 'Email', 'Tags'].map((t) => h('th', { scope: 'col', text: t })),
      h('th', { scope: 'col', class: 'hide-small', text: 'Updated' }))),
    h('tbody', {}, data.contacts.map((c) => h('tr', { 'data-contact-id': String(c.id) },
      h('td', {}, h('a', { href: `#/contacts/${c.id}`, text: [c.firstName, c.lastName].filter(Boolean).join(' ') })),
      h('td', { text: c.phone || '' }),
      h('td', { text: c.email || '' }),
      h('td', {}, tagList(c.tags)),
      h('td', { class: 'hide-small', text: formatDate(c.updatedAt) })))));
  const previous = h('button', { type: 'button', text: 'Previous', disabled: contactsView.page === 0 });
  const next = h('button', { type: 'button', id: 'contacts-next', text: 'Next', disabled: !data.nextCursor });
  previous.addEventListener('click', () => { contactsView.page -= 1; loadContacts(results); });
  next.addEventListener('click', () => { contactsView.page += 1; loadContacts(results); });
  results.replaceChildren(h('div', { class: 'table-wrap' }, table),
    h('div', { class: 'pager' }, h('span', { class: 'hint', text: `Page ${contactsView.page + 1}` }), previous, next));
}
