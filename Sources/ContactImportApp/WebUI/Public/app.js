// Contact Import web UI: plain JavaScript on the server's own JSON API (/api/v1), signed in by a session
// cookie; every state-changing request echoes the session's CSRF token in X-CSRF-Token.
// No inline scripts or styles (the CSP forbids them); user data only ever enters the page as text.

const state = {
  session: null, // {user, workspaces, csrfToken}
  workspaceId: null,
  role: null,
  notifications: [],
  timers: new Set(),
};

const PURPOSES = [
  { id: 'addNew', title: 'Add New Contacts Only', desc: 'Adds only new Contacts in the CSV file to the Workspace.' },
  { id: 'updateExisting', title: 'Update Existing Contacts Only', desc: 'Updates only existing Contacts in the Workspace with values from the file.' },
  { id: 'addAndUpdate', title: 'Add and Update Contacts', desc: 'Updates existing Contacts and adds new Contacts to the Workspace.' },
  { id: 'addAll', title: 'Add All Contacts Despite Duplicates', desc: 'All Contacts in the file will be treated as new Contacts. You can review and merge duplicate Contacts manually on the platform.' },
];
const IDENTIFIERS = [
  { id: 'phone', title: 'Phone Number', field: 'phone' },
  { id: 'email', title: 'Email', field: 'email' },
  { id: 'contactId', title: 'Contact ID', field: 'contactId' },
];
const UPDATING = new Set(['updateExisting', 'addAndUpdate']);
const ADDING = new Set(['addNew', 'addAndUpdate', 'addAll']);
const MAX_BYTES = 20 * 1024 * 1024;

// ---------- small DOM helpers ----------
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}
const $ = (selector, root = document) => root.querySelector(selector);
const main = () => $('#main');
let uid = 0;
const nextId = (prefix) => `${prefix}-${++uid}`;

function toast(text) {
  const el = $('#toast');
  el.textContent = text;
  el.classList.add('show');
  setTimeout(() => el.classList.remove('show'), 3500);
}

function message(kind, text) {
  return h('p', { class: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

function formatDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

// Tags as chips, separated by spaces so their text reads as separate words.
function tagList(tags) {
  return (tags || []).flatMap((t, i) => (i ? [' ', h('span', { class: 'tag', text: t })] : [h('span', { class: 'tag', text: t })]));
}

function every(ms, fn) {
  const id = setInterval(fn, ms);
  state.timers.add(id);
  return id;
}
function stopTimers() {
  for (const id of state.timers) clearInterval(id);
  state.timers.clear();
}

// ---------- the API ----------
class ApiError extends Error {
  constructor(status, code, text) {
    super(text);
    this.status = status;
    this.code = code;
  }
}

async function api(method, path, body, { raw = false } = {}) {
  const headers = {};
  if (method !== 'GET' && state.session) headers['X-CSRF-Token'] = state.session.csrfToken;
  let payload;
  if (body instanceof Blob) {
    headers['Content-Type'] = 'text/csv';
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(`/api/v1${path}`, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached. Check your connection and try again.');
  }
  if (raw && response.ok) return response;
  let data = null;
  if ((response.headers.get('content-type') || '').includes('json')) data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new ApiError(response.status, data?.error, data?.message || `The server answered ${response.status}.`);
    if (response.status === 401 && path !== '/session') sessionEnded();
    throw error;
  }
  return data;
}
const ws = (path = '') => `/workspaces/${state.workspaceId}${path}`;
const isManager = () => state.role === 'owner' || state.role === 'manager';

function sessionEnded() {
  state.session = null;
  stopTimers();
  renderSignIn('Your session has ended. Please sign in again.');
}

// ---------- sign-in, sign-out, workspaces ----------
function renderSignIn(notice) {
  stopTimers();
  $('#topbar').hidden = true;
  const emailId = nextId('email');
  const passwordId = nextId('password');
  const error = h('div', { 'aria-live': 'assertive' });
  const form = h('form', { class: 'card narrow', id: 'sign-in-form', novalidate: true },
    h('h1', { text: 'Sign in' }),
    notice ? message('info', notice) : null,
    h('div', { class: 'field' },
      h('label', { for: emailId, text: 'Email' }),
      h('input', { type: 'email', id: emailId, name: 'email', autocomplete: 'username', required: true })),
    h('div', { class: 'field' },
      h('label', { for: passwordId, text: 'Password' }),
      h('input', { type: 'password', id: passwordId, name: 'password', autocomplete: 'current-password', required: true })),
    error,
    h('button', { type: 'submit', class: 'primary', id: 'sign-in-button', text: 'Sign in' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.replaceChildren();
    const button = $('#sign-in-button');
    button.disabled = true;
    try {
      const session = await api('POST', '/session', { email: form.email.value, password: form.password.value });
      startSession(session);
    } catch (e) {
      error.append(message('error', e.message));
      button.disabled = false;
      form.password.focus();
    }
  });
  main().replaceChildren(form);
  if (location.hash && !location.hash.startsWith('#/sign-in')) sessionStorage.setItem('after-sign-in', location.hash);
  history.replaceState(null, '', '#/sign-in');
  $(`#${emailId}`).focus();
}

function startSession(session) {
  state.session = session;
  const remembered = Number(localStorage.getItem('workspace'));
  const chosen = session.workspaces.find((w) => w.id === remembered) || session.workspaces[0];
  if (!chosen) {
    main().replaceChildren(message('error', 'You are not a member of any workspace.'));
    return;
  }
  useWorkspace(chosen.id);
  $('#user-email').textContent = session.user.email;
  const select = $('#workspace-select');
  select.replaceChildren(...session.workspaces.map((w) => h('option', { value: String(w.id), text: `${w.name} (${w.role})` })));
  select.value = String(state.workspaceId);
  select.closest('label').hidden = session.workspaces.length < 2;
  $('#topbar').hidden = false;
  refreshNotifications();
  const after = sessionStorage.getItem('after-sign-in');
  sessionStorage.removeItem('after-sign-in');
  if (after && after !== location.hash) location.hash = after;
  else route();
}

function useWorkspace(id) {
  const membership = state.session.workspaces.find((w) => w.id === id);
  state.workspaceId = membership.id;
  state.role = membership.role;
  localStorage.setItem('workspace', String(id));
  document.body.classList.toggle('agent', !isManager());
  for (const el of document.querySelectorAll('.manager-only')) el.hidden = !isManager();
}

async function signOut() {
  try { await api('DELETE', '/session'); } catch { /* signing out anyway */ }
  state.session = null;
  renderSignIn('You have signed out.');
}

// ---------- notifications ----------
async function refreshNotifications() {
  if (!state.session) return;
  try {
    const data = await api('GET', '/notifications');
    state.notifications = data.notifications;
  } catch { return; }
  const unread = state.notifications.filter((n) => !n.read).length;
  const badge = $('#bell-count');
  badge.textContent = String(unread);
  badge.hidden = unread === 0;
  $('#bell').setAttribute('aria-label', `Notifications, ${unread} unread`);
  renderNotificationList();
}

function notificationTarget(link) {
  const match = /\/workspaces\/(\d+)\/imports\/(\d+)/.exec(link || '');
  return match ? { workspace: Number(match[1]), importId: Number(match[2]) } : null;
}

function renderNotificationList() {
  const list = $('#notification-list');
  if (state.notifications.length === 0) {
    list.replaceChildren(h('li', { text: 'No notifications yet.' }));
    return;
  }
  list.replaceChildren(...state.notifications.slice(0, 30).map((n) => {
    const target = notificationTarget(n.link);
    const open = target && state.session.workspaces.some((w) => w.id === target.workspace && w.role !== 'agent')
      ? h('a', {
        href: `#/settings/data-import/${target.importId}`, class: 'notification-link',
        onclick: () => { if (target.workspace !== state.workspaceId) { useWorkspace(target.workspace); $('#workspace-select').value = String(target.workspace); } closeNotifications(); },
      }, 'View in Import History')
      : null;
    return h('li', { class: n.read ? 'notification' : 'notification unread' },
      h('span', { text: n.message }), h('time', { datetime: n.createdAt, text: formatDate(n.createdAt) }), open);
  }));
}

function closeNotifications() {
  $('#notifications').hidden = true;
  $('#bell').setAttribute('aria-expanded', 'false');
}

async function toggleNotifications() {
  const panel = $('#notifications');
  if (!panel.hidden) { closeNotifications(); return; }
  panel.hidden = false;
  $('#bell').setAttribute('aria-expanded', 'true');
  await refreshNotifications();
  if (state.notifications.some((n) => !n.read)) {
    try {
      await api('POST', '/notifications/read', {});
      // Shown bold until the panel closes; the count goes now.
      const badge = $('#bell-count');
      badge.hidden = true;
      badge.textContent = '0';
      $('#bell').setAttribute('aria-label', 'Notifications, 0 unread');
    } catch { /* shown again next time */ }
  }
}

// ---------- routing ----------
function route() {
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

// ---------- contacts ----------
const contactsView = { search: '', tag: '', cursors: [null], page: 0 };

async function renderContacts(detailId) {
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
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    contactsView.search = form.search.value.trim();
    contactsView.tag = form.tag.value.trim();
    contactsView.cursors = [null];
    contactsView.page = 0;
    loadContacts(results);
  });
  const detail = h('section', { id: 'contact-detail', 'aria-live': 'polite' });
  main().replaceChildren(
    h('div', { class: 'spread' }, h('h1', { text: 'Contacts' }), split),
    h('div', { class: 'card' }, form, results),
    detail);
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

async function showContact(id, detail) {
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
    h('dl', {}, rows.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: v === null || v === undefined || v === '' ? '—' : String(v) })]))));
  $('#contact-detail-heading').focus();
}

function openAddContact() {
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

// ---------- the import wizard ----------
let wizard = null;

function newWizard() {
  return {
    part: 1, file: null, upload: null, uploading: false, uploadError: null,
    purpose: null, identifier: null, tags: [], importTag: null, importTagRemoved: false,
    mapping: {}, fields: null, review: null, reviewing: false, started: false, job: null, error: null,
  };
}

function renderWizard() {
  if (!wizard || wizard.workspaceId !== state.workspaceId || wizard.finished) {
    wizard = newWizard();
    wizard.workspaceId = state.workspaceId;
  }
  const parts = ['Part 1: Upload and configure', 'Part 2: Map CSV headers to Contact Fields', 'Part 3: Review import'];
  const steps = h('ol', { class: 'steps', 'aria-label': 'Import steps' },
    parts.map((title, i) => h('li', { class: i + 1 < wizard.part ? 'done' : '', 'aria-current': i + 1 === wizard.part ? 'step' : null, text: title })));
  const body = h('div', { id: 'wizard-body' });
  main().replaceChildren(h('h1', { id: 'wizard-title', tabindex: '-1', text: 'Import Contacts' }), steps, body);
  if (wizard.part === 1) renderPart1(body);
  else if (wizard.part === 2) renderPart2(body);
  else renderPart3(body);
}

function goToPart(part) {
  wizard.part = part;
  renderWizard();
  $('#wizard-title').focus();
  window.scrollTo(0, 0);
}

function renderPart1(body) {
  const fileInputId = 'file-input';
  const input = h('input', { type: 'file', id: fileInputId, accept: '.csv,text/csv', class: 'visually-hidden' });
  const status = h('div', { id: 'upload-status', 'aria-live': 'polite' });
  const dropzone = h('label', { class: 'dropzone', for: fileInputId, id: 'dropzone' },
    h('strong', { text: 'Choose a CSV file' }), ' or drop it here', input);
  input.addEventListener('change', () => { if (input.files[0]) chooseFile(input.files[0]); });
  for (const name of ['dragenter', 'dragover']) dropzone.addEventListener(name, (e) => { e.preventDefault(); dropzone.classList.add('dragover'); });
  for (const name of ['dragleave', 'drop']) dropzone.addEventListener(name, () => dropzone.classList.remove('dragover'));
  dropzone.addEventListener('drop', (e) => {
    e.preventDefault();
    const files = e.dataTransfer?.files;
    if (!files || files.length === 0) return;
    if (files.length > 1) { wizard.uploadError = 'You can only import one file per import.'; renderWizard(); return; }
    chooseFile(files[0]);
  });

  if (wizard.uploading) status.append(message('info', `Uploading ${wizard.file.name}…`));
  else if (wizard.uploadError) status.append(message('error', wizard.uploadError));
  else if (wizard.upload) {
    status.append(message('success', `${wizard.upload.fileName}: ${wizard.upload.rowCount.toLocaleString()} rows, ${wizard.upload.columns.length} columns (${wizard.upload.encoding}, “${describeDelimiter(wizard.upload.delimiter)}” separated).`));
  }

  const upload = h('section', { class: 'card', 'aria-labelledby': 'upload-heading' },
    h('h2', { id: 'upload-heading', text: '1. Upload a CSV file' }),
    h('p', { text: 'Each row in your CSV file represents a contact and each column represents a contact field. Ensure the file fulfils these requirements:' }),
    h('ul', { class: 'requirements', id: 'file-requirements' },
      ['Only CSV files are accepted for import', 'File size must be less than 20MB', 'File must contain at least one row',
        'File can contain a maximum of 200,000 rows', 'A First Name column is required to add new Contacts',
        'At least one column must be mapped to an identifier (except for Add All Contacts Despite Duplicates imports)',
        'Recommended format for phone numbers: Include "+" sign and country code. e.g. +60189988776'].map((t) => h('li', { text: t }))),
    h('p', {}, 'For an example of a populated CSV file, ', h('a', { href: '/ui/sample-contacts.csv', download: 'sample-contacts.csv', id: 'sample-csv', text: 'download the sample CSV' }), '.'),
    dropzone, status);

  const purposeSet = h('fieldset', { class: 'purposes', id: 'purposes' }, h('legend', { text: '2. Select Import Purpose' }),
    PURPOSES.map((p) => {
      const id = `purpose-${p.id}`;
      const radio = h('input', { type: 'radio', name: 'purpose', id, value: p.id, checked: wizard.purpose === p.id, 'aria-describedby': `${id}-desc` });
      radio.addEventListener('change', () => {
        wizard.purpose = p.id;
        if (p.id === 'addAll') wizard.identifier = null;
        if (wizard.identifier === 'contactId' && p.id !== 'updateExisting') wizard.identifier = null;
        if (!UPDATING.has(p.id)) for (const m of Object.values(wizard.mapping)) m.doNotOverwrite = false;
        dropMappedContactId();
        renderWizard();
        $(`#${id}`).focus();
      });
      return h('label', { class: 'option-card', for: id }, radio,
        h('span', {}, h('span', { class: 'title', text: p.title }), h('span', { class: 'desc', id: `${id}-desc`, text: p.desc })));
    }));

  const identifierSet = h('fieldset', { id: 'identifiers' }, h('legend', { text: '3. Select Identifier' }));
  if (wizard.purpose === 'addAll') {
    identifierSet.append(h('p', { class: 'hint', text: 'Add All Contacts Despite Duplicates treats every row as a new contact, so no identifier is used.' }));
  } else {
    identifierSet.append(h('p', { class: 'hint', text: 'The value recognises existing Contacts. It must be identical in the file and the Workspace (e.g. +60101010101 with its country code), or the row is treated as a new Contact.' }));
    const choices = IDENTIFIERS.filter((i) => i.id !== 'contactId' || wizard.purpose === 'updateExisting');
    identifierSet.append(h('div', { class: 'row' }, choices.map((i) => {
      const id = `identifier-${i.id}`;
      const radio = h('input', { type: 'radio', name: 'identifier', id, value: i.id, checked: wizard.identifier === i.id, disabled: !wizard.purpose });
      radio.addEventListener('change', () => { wizard.identifier = i.id; dropMappedContactId(); renderWizard(); $(`#${id}`).focus(); });
      return h('label', { class: 'option-card', for: id }, radio, h('span', { class: 'title', text: i.title }));
    })));
    if (!wizard.purpose) identifierSet.append(h('p', { class: 'hint', text: 'Choose a purpose first.' }));
    else if (wizard.purpose !== 'updateExisting') identifierSet.append(h('p', { class: 'hint', text: 'Contact ID can be the identifier only for Update Existing Contacts Only.' }));
  }

  const tagInputId = 'tag-input';
  const tagError = h('div', { 'aria-live': 'polite' });
  const chips = h('div', { id: 'tag-chips' });
  if (wizard.importTag && !wizard.importTagRemoved) {
    chips.append(h('span', { class: 'chip', id: 'import-tag-chip' }, h('span', { text: wizard.importTag }), h('span', { class: 'hint', text: '(import tag)' }),
      h('button', { type: 'button', id: 'remove-import-tag', 'aria-label': `Remove import tag ${wizard.importTag}`, text: '×', onclick: () => { wizard.importTagRemoved = true; renderWizard(); $('#' + tagInputId).focus(); } })));
  }
  wizard.tags.forEach((tag, index) => chips.append(h('span', { class: 'chip' }, h('span', { text: tag }),
    h('button', { type: 'button', 'aria-label': `Remove tag ${tag}`, text: '×', onclick: () => { wizard.tags.splice(index, 1); renderWizard(); $('#' + tagInputId).focus(); } }))));
  const tagInput = h('input', { type: 'text', id: tagInputId, maxlength: '255', placeholder: 'e.g. newsletter' });
  const addTag = () => {
    const tag = tagInput.value.trim();
    tagError.replaceChildren();
    if (!tag) return;
    if (tag.includes(',')) { tagError.append(message('error', 'A tag cannot contain a comma.')); return; }
    if (!wizard.tags.includes(tag) && tag !== wizard.importTag) wizard.tags.push(tag);
    renderWizard();
    $('#' + tagInputId).focus();
  };
  tagInput.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); addTag(); } });
  const tagsSection = h('section', { class: 'card', 'aria-labelledby': 'tags-heading' },
    h('h2', { id: 'tags-heading', text: '4. Add Tags' }),
    h('p', { class: 'hint', text: 'Tags are added to every Contact added or updated by this import. An import tag is generated to identify this import; you can remove it.' }),
    wizard.importTagRemoved && wizard.importTag ? h('p', {}, h('button', { type: 'button', class: 'link-button', text: `Restore import tag ${wizard.importTag}`, onclick: () => { wizard.importTagRemoved = false; renderWizard(); } })) : null,
    chips,
    h('div', { class: 'row' }, h('div', { class: 'field' }, h('label', { for: tagInputId, text: 'Tag' }), tagInput),
      h('div', { class: 'field' }, h('button', { type: 'button', id: 'add-tag', text: 'Add tag', onclick: addTag }))),
    tagError);

  const missing = [];
  if (!wizard.upload) missing.push('upload a CSV file');
  if (!wizard.purpose) missing.push('select an import purpose');
  if (wizard.purpose && wizard.purpose !== 'addAll' && !wizard.identifier) missing.push('select an identifier');
  const next = h('button', { type: 'button', class: 'primary', id: 'part1-next', text: 'NEXT', disabled: missing.length > 0, onclick: () => goToPart(2) });
  body.replaceChildren(upload,
    h('section', { class: 'card' }, purposeSet, identifierSet),
    tagsSection,
    h('p', { class: 'hint', id: 'part1-missing', hidden: missing.length === 0, text: `To continue, ${missing.join(', ')}.` }),
    h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/contacts', text: 'Cancel' }), next));
}

function describeDelimiter(d) {
  return d === '\t' ? 'tab' : d === ';' ? 'semicolon' : d === ',' ? 'comma' : d;
}

// Contact ID may be mapped only when it is the identifier (SPEC and the API refuse it otherwise).
function dropMappedContactId() {
  if (wizard.identifier === 'contactId') return;
  for (const m of Object.values(wizard.mapping)) if (m.field === 'contactId') { m.field = ''; m.selected = false; }
}

async function chooseFile(file) {
  wizard.uploadError = null;
  if (!/\.csv$/i.test(file.name)) {
    wizard.uploadError = `“${file.name}” is not a CSV file. Only CSV files are accepted for import (save it as “CSV UTF-8”).`;
    renderWizard();
    return;
  }
  if (file.size >= MAX_BYTES) {
    wizard.uploadError = `“${file.name}” is ${(file.size / 1048576).toFixed(1)} MB. The file size must be less than 20MB.`;
    renderWizard();
    return;
  }
  if (wizard.upload && ['draft', 'review'].includes(wizard.upload.status)) {
    api('DELETE', ws(`/imports/${wizard.upload.id}`)).catch(() => {});
  }
  wizard.file = file;
  wizard.upload = null;
  wizard.uploading = true;
  renderWizard();
  try {
    const upload = await api('POST', ws(`/imports?fileName=${encodeURIComponent(file.name)}`), file);
    wizard.upload = upload;
    wizard.importTag = upload.config?.importTag || null;
    wizard.importTagRemoved = false;
    wizard.mapping = {};
    for (const column of upload.columns) {
      wizard.mapping[column.index] = { selected: !!column.field, field: column.field || '', doNotOverwrite: false };
    }
    dropMappedContactId();
    wizard.review = null;
  } catch (e) {
    wizard.uploadError = e.code === 'import_in_progress'
      ? 'Only one import job can be in progress at a time. Wait until the import in progress is completed before starting a new one.'
      : e.message;
  }
  wizard.uploading = false;
  renderWizard();
  $('#upload-status')?.focus();
}

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

async function renderPart2(body) {
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

async function renderPart3(body) {
  const id = wizard.upload.id;
  if (!wizard.review && !wizard.started) {
    body.replaceChildren(h('section', { class: 'card' }, h('p', { id: 'validating', text: 'The import file is being validated. Larger files take longer…' }), h('progress', { 'aria-label': 'Validating' })));
    try {
      wizard.review = await api('POST', ws(`/imports/${id}/review`));
    } catch (e) {
      body.replaceChildren(message('error', e.message), h('div', { class: 'actions' }, h('button', { type: 'button', text: 'BACK', onclick: () => goToPart(2) })));
      return;
    }
  }
  const s = wizard.review.summary;
  const counts = h('div', { class: 'counts', id: 'review-counts' },
    [['imported', 'To be added', s.imported], ['updated', 'To be updated', s.updated], ['skipped', 'To be skipped', s.skipped], ['errors', 'Rows with errors', s.errors]]
      .map(([key, label, n]) => h('div', { class: `count ${key}`, id: `count-${key}` }, h('strong', { text: n.toLocaleString() }), label)));
  const jobArea = h('section', { id: 'job-area', 'aria-live': 'polite' });
  const errorInfo = s.errors > 0
    ? h('div', {},
      message('warn', 'Rows with errors will not be imported. Download the error file: it holds those rows with an “Error” column describing what to fix. Resolve the errors and upload the corrected file, or go back to reconfigure the import.'),
      h('p', {}, h('a', { class: 'button', id: 'download-error-file', href: `/api/v1${ws(`/imports/${id}/error-file`)}`, download: '', text: 'Download error file' })))
    : message('success', 'No errors found. Click IMPORT to proceed.');
  const expires = wizard.review.reviewExpiresAt ? new Date(wizard.review.reviewExpiresAt) : null;
  const expiryNote = h('p', { class: 'hint', id: 'review-expiry', hidden: wizard.started, text: expires ? `Start the import within 1 hour of the review (by ${expires.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}); after that it is canceled and you need to start again.` : '' });
  const importButton = h('button', { type: 'button', class: 'primary', id: 'start-import', text: 'IMPORT', disabled: wizard.started });
  const back = h('button', { type: 'button', id: 'part3-back', text: 'BACK', disabled: wizard.started, onclick: () => goToPart(2) });
  const restart = h('button', { type: 'button', id: 'upload-corrected', text: 'Upload a corrected file', disabled: wizard.started, onclick: () => { cancelCurrentImport(); wizard = null; renderWizard(); } });
  importButton.addEventListener('click', async () => {
    importButton.disabled = true;
    try {
      await api('POST', ws(`/imports/${id}/start`));
    } catch (e) {
      if (e.code === 'session_expired' || e.status === 410) return showSessionExpired(body);
      jobArea.replaceChildren(message('error', e.code === 'import_in_progress'
        ? 'Only one import job can be in progress at a time. Kindly wait until the import job in progress is completed before starting a new one.'
        : e.message));
      importButton.disabled = false;
      return;
    }
    wizard.started = true;
    expiryNote.hidden = true;
    back.disabled = true;
    restart.disabled = true;
    showStartedDialog();
    followJob(id, jobArea);
  });
  body.replaceChildren(
    h('section', { class: 'card', 'aria-labelledby': 'review-heading' },
      h('h2', { id: 'review-heading', text: 'Review' }),
      h('p', { text: `${wizard.upload.fileName}: ${PURPOSES.find((p) => p.id === wizard.purpose).title}.` }),
      counts, errorInfo, expiryNote),
    jobArea,
    h('div', { class: 'actions' }, back, restart, importButton));
  if (expires && !wizard.started) {
    every(5000, () => { if (Date.now() > expires.getTime() && !wizard.started) showSessionExpired(body); });
  }
  if (wizard.started) followJob(id, jobArea);
}

function cancelCurrentImport() {
  if (wizard?.upload && !wizard.started) api('DELETE', ws(`/imports/${wizard.upload.id}`)).catch(() => {});
}

function showSessionExpired(body) {
  stopTimers();
  every(15000, refreshNotifications);
  body.replaceChildren(h('section', { class: 'card', id: 'session-expired' },
    h('h2', { text: 'Session expired' }),
    message('error', 'You have a 1-hour window to start an import after its review. This import was not started in time, so it was canceled automatically. Please start the import process again.'),
    h('button', { type: 'button', class: 'primary', text: 'Start again', onclick: () => { wizard = null; renderWizard(); } })));
}

function showStartedDialog() {
  const dialog = h('dialog', { id: 'started-dialog', 'aria-labelledby': 'started-title' },
    h('h2', { id: 'started-title', text: 'Import started' }),
    h('p', { text: 'Your contacts are being imported. You will be notified in the notification centre (and by email, when configured) when the import job has been completed. You can follow its progress here or in Settings › Data Import.' }),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', id: 'started-ok', text: 'OK', onclick: () => dialog.close() })));
  dialog.addEventListener('close', () => { dialog.remove(); $('#job-progress')?.focus(); });
  document.body.append(dialog);
  dialog.showModal();
}

function followJob(id, area) {
  const bar = h('progress', { id: 'job-progress', max: '100', value: '0', tabindex: '-1', 'aria-label': 'Import progress' });
  const label = h('p', { id: 'job-progress-text', text: 'Starting…' });
  area.replaceChildren(h('div', { class: 'card' }, h('h2', { text: 'Import progress' }), bar, label));
  const poll = async () => {
    let job;
    try { job = await api('GET', ws(`/imports/${id}`)); } catch { return; }
    const total = job.progress?.total || 0;
    const done = job.progress?.done || 0;
    const percent = total ? Math.floor((done / total) * 100) : 0;
    bar.value = percent;
    label.textContent = `${done.toLocaleString()} of ${total.toLocaleString()} rows (${percent}%)`;
    if (job.status === 'processing') return;
    clearInterval(timer);
    state.timers.delete(timer);
    wizard.finished = true;
    const s = job.summary || {};
    if (job.status === 'completed') {
      bar.value = 100;
      label.textContent = `${total.toLocaleString()} of ${total.toLocaleString()} rows (100%)`;
      area.append(h('div', { class: 'card', id: 'job-done' },
        message('success', `Import completed: ${s.imported} added, ${s.updated} updated, ${s.skipped} skipped, ${s.errors} with errors.`),
        h('p', {}, h('a', { class: 'button', id: 'download-results', href: `/api/v1${ws(`/imports/${id}/results-file`)}`, download: '', text: 'Download results file' }),
          ' ', h('a', { href: `#/settings/data-import/${id}`, text: 'Open Import History' }),
          ' ', h('a', { href: '#/contacts', text: 'See contacts' }))));
    } else {
      area.append(message('error', job.message || `The import ended as ${job.status}.`));
    }
    refreshNotifications();
  };
  const timer = every(700, poll);
  poll();
}

// ---------- Settings > Data Import ----------
const HISTORY_STATUSES = { processing: 'Processing', completed: 'Completed', failed: 'Failed', expired: 'Expired' };

async function renderDataImport(highlightId) {
  const tableArea = h('div', { id: 'history-area', 'aria-live': 'polite' }, h('p', { text: 'Loading…' }));
  main().replaceChildren(
    h('div', { class: 'spread' }, h('h1', { text: 'Settings › Data Import' }),
      h('button', { type: 'button', class: 'primary', id: 'import-contacts-button', text: 'IMPORT CONTACTS', onclick: () => { location.hash = '#/import'; } })),
    h('section', { class: 'card', 'aria-labelledby': 'history-heading' },
      h('h2', { id: 'history-heading', text: 'Import History' }),
      h('p', { class: 'hint', text: 'Results files can be downloaded for 7 days after an import completes. They have two extra columns: Import Status and Errors.' }),
      tableArea));
  const load = async () => {
    let imports;
    try { imports = (await api('GET', ws('/imports'))).imports; } catch (e) { tableArea.replaceChildren(message('error', e.message)); return; }
    const jobs = imports.filter((i) => HISTORY_STATUSES[i.status]);
    if (jobs.length === 0) { tableArea.replaceChildren(h('p', { text: 'No imports yet.' })); return false; }
    const table = h('table', { id: 'history-table' },
      h('caption', { class: 'visually-hidden', text: 'Import History, newest first' }),
      h('thead', {}, h('tr', {}, ['Date Imported', 'File Name', 'Uploaded By', 'New Contacts', 'Updated Contacts', 'Error Count', 'Tags Added', 'Import Status', 'Results File']
        .map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, jobs.map((i) => {
        const status = HISTORY_STATUSES[i.status];
        const progress = i.status === 'processing' && i.progress?.total ? ` ${Math.floor((i.progress.done / i.progress.total) * 100)}%` : '';
        return h('tr', { 'data-import-id': String(i.id), class: i.id === highlightId ? 'highlight' : '' },
          h('td', { text: formatDate(i.startedAt || i.createdAt) }),
          h('td', { text: i.fileName }),
          h('td', { text: i.uploadedBy?.email || '' }),
          h('td', { class: 'num', text: i.summary?.imported ?? '' }),
          h('td', { class: 'num', text: i.summary?.updated ?? '' }),
          h('td', { class: 'num', text: i.summary?.errors ?? '' }),
          h('td', {}, tagList(i.tagsAdded)),
          h('td', {}, h('span', { class: `status status-${i.status}`, text: status + progress }), i.message && i.status === 'failed' ? h('div', { class: 'hint', text: i.message }) : null),
          h('td', {}, i.resultsFileAvailable
            ? h('a', { href: `/api/v1${ws(`/imports/${i.id}/results-file`)}`, download: '', class: 'results-link', text: 'Download' },
              h('span', { class: 'visually-hidden', text: ` results of ${i.fileName}` }))
            : h('span', { class: 'hint', text: i.status === 'expired' ? 'No longer available' : '—' })));
      })));
    tableArea.replaceChildren(h('div', { class: 'table-wrap' }, table));
    if (highlightId) document.querySelector(`tr[data-import-id="${highlightId}"]`)?.scrollIntoView({ block: 'center' });
    return jobs.some((i) => i.status === 'processing');
  };
  if (await load()) {
    const timer = every(2000, async () => { if (!(await load())) { clearInterval(timer); state.timers.delete(timer); } });
  }
}

// ---------- Settings > Contact Fields ----------
async function renderContactFields() {
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
      if (wizard) wizard.fields = null;
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

// ---------- start ----------
async function start() {
  $('#sign-out').addEventListener('click', signOut);
  $('#bell').addEventListener('click', toggleNotifications);
  $('#notifications').addEventListener('keydown', (e) => { if (e.key === 'Escape') { closeNotifications(); $('#bell').focus(); } });
  $('#workspace-select').addEventListener('change', (e) => {
    useWorkspace(Number(e.target.value));
    wizard = null;
    if (!isManager() && !location.hash.startsWith('#/contacts')) location.hash = '#/contacts';
    else route();
  });
  window.addEventListener('hashchange', route);
  // The skip link moves focus without changing the route.
  $('.skip-link').addEventListener('click', (event) => { event.preventDefault(); main().focus(); });
  // A click outside the ADD CONTACT button closes its menu.
  document.addEventListener('click', (event) => {
    if (event.target.closest?.('.split')) return;
    for (const menu of document.querySelectorAll('.split .menu')) menu.hidden = true;
    for (const arrow of document.querySelectorAll('.split .arrow')) arrow.setAttribute('aria-expanded', 'false');
  });
  try {
    const session = await api('GET', '/session');
    startSession(session);
  } catch {
    renderSignIn();
  }
}

start();
