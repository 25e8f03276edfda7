// Your account (#/account, every user, from the email in the top bar): change your password (the current one is
// needed; your other sessions end, this one stays), and your personal API tokens: create one with a name (shown
// once, with a Copy button), list them, revoke one (after a confirmation).

import { api } from './api.js';
import { confirmDialog, field, formatDate, h, main, message, newPasswordProblem, nextId, secretBox } from './dom.js';
import { state } from './state.js';

export async function renderAccount() {
  const tokensArea = h('div', { id: 'tokens-area' }, h('p', { text: 'Loading…' }));
  const tokensStatus = h('div', { id: 'tokens-status', 'aria-live': 'polite' });
  const newToken = h('div', { id: 'new-token-area', 'aria-live': 'polite' });
  main().replaceChildren(
    h('h1', { text: 'Your account' }),
    h('p', { class: 'hint' }, 'Signed in as ', h('strong', { id: 'account-email', text: state.session.user.email }), '.'),
    passwordCard(),
    h('section', { class: 'card', 'aria-labelledby': 'tokens-heading' },
      h('h2', { id: 'tokens-heading', tabindex: '-1', text: 'API tokens' }),
      h('p', { class: 'hint' }, 'A personal API token lets a script call the API (', h('code', { text: '/api/v1' }),
        ') as you, with the header ', h('code', { text: 'Authorization: Bearer <token>' }), '. Revoke a token you no longer use: it stops working at once.'),
      tokenForm(newToken, () => load()), newToken, tokensStatus, tokensArea));

  const load = async () => {
    let tokens;
    try { tokens = (await api('GET', '/me/tokens')).tokens; } catch (e) { tokensArea.replaceChildren(message('error', e.message)); return; }
    if (tokens.length === 0) { tokensArea.replaceChildren(h('p', { id: 'no-tokens', text: 'You have no API tokens.' })); return; }
    tokensArea.replaceChildren(h('div', { class: 'table-wrap' }, h('table', { id: 'tokens-table', class: 'stack-table' },
      h('caption', { class: 'visually-hidden', text: 'Your API tokens' }),
      h('thead', {}, h('tr', {}, ['Name', 'Created', 'Revoke'].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, tokens.map((t) => tokenRow(t, tokensStatus, newToken, load))))));
  };
  await load();
}

function passwordCard() {
  const current = h('input', { type: 'password', id: nextId('current-password'), name: 'currentPassword', required: true, autocomplete: 'current-password' });
  const password = h('input', { type: 'password', id: nextId('new-password'), name: 'newPassword', required: true, minlength: '8', autocomplete: 'new-password' });
  const confirmation = h('input', { type: 'password', id: nextId('confirm-password'), name: 'confirm', required: true, minlength: '8', autocomplete: 'new-password' });
  const status = h('div', { id: 'password-status', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'primary', id: 'change-password', text: 'Change password' });
  const form = h('form', { id: 'password-form', class: 'short-fields', novalidate: true },
    h('h2', { text: 'Change password' }),
    // For password managers: whose password this is.
    h('input', { type: 'email', name: 'username', value: state.session.user.email, autocomplete: 'username', hidden: true, 'aria-label': 'Email', readonly: true }),
    field('Current password', current),
    field('New password', password, 'At least 8 characters. Your other sessions are signed out; this one stays.'),
    field('Confirm new password', confirmation),
    status, button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.replaceChildren();
    const problem = !current.value ? 'Enter your current password.' : newPasswordProblem(password.value, confirmation.value);
    if (problem) { status.append(message('error', problem)); return; }
    button.disabled = true;
    try {
      await api('POST', '/me/password', { currentPassword: current.value, newPassword: password.value });
      form.reset();
      status.append(message('success', 'Your password is changed. Your other sessions are signed out; this one stays signed in.'));
    } catch (e) {
      status.append(message('error', e.message));
      current.focus();
    }
    button.disabled = false;
  });
  return h('section', { class: 'card' }, form);
}

function tokenForm(newToken, reload) {
  const name = h('input', { type: 'text', id: nextId('token-name'), name: 'name', required: true, maxlength: '100', autocomplete: 'off', placeholder: 'e.g. Nightly sync' });
  const status = h('div', { id: 'token-form-status', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'primary', id: 'create-token', text: 'Create token' });
  const form = h('form', { id: 'token-form', novalidate: true },
    h('h3', { text: 'New token' }),
    h('div', { class: 'row' }, field('Name', name), h('div', { class: 'field' }, button)),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.replaceChildren();
    newToken.replaceChildren();
    if (!name.value.trim()) { status.append(message('error', 'Give the token a name, so you know later what uses it.')); name.focus(); return; }
    button.disabled = true;
    try {
      const created = await api('POST', '/me/tokens', { name: name.value.trim() });
      form.reset();
      newToken.replaceChildren(h('div', { class: 'one-time', id: 'new-token', 'data-token-id': String(created.id) },
        secretBox({ id: 'new-token-value', label: `Your new token “${created.name}”`, value: created.token, note: 'Copy it now: it is not shown again.' })));
      await reload();
      document.getElementById('new-token-value').focus();
    } catch (e) {
      status.append(message('error', e.message));
    }
    button.disabled = false;
  });
  return form;
}

function tokenRow(token, status, newToken, reload) {
  const label = token.name || 'Command line';
  const revoke = h('button', { type: 'button', class: 'danger', id: `revoke-token-${token.id}`, text: 'Revoke' },
    h('span', { class: 'visually-hidden', text: ` ${label}` }));
  const row = h('tr', { 'data-token-id': String(token.id) },
    h('td', {}, token.name ? h('span', { text: token.name }) : h('span', { class: 'hint', text: 'Command line' })),
    h('td', { text: formatDate(token.createdAt) }),
    h('td', {}, revoke));
  revoke.addEventListener('click', async () => {
    status.replaceChildren();
    if (!(await confirmDialog(`Revoke the token “${label}”? Anything using it stops working at once.`, 'Revoke'))) { revoke.focus(); return; }
    try {
      await api('DELETE', `/me/tokens/${token.id}`);
    } catch (e) {
      status.append(message('error', e.message));
      return;
    }
    if (newToken.querySelector(`[data-token-id="${token.id}"]`)) newToken.replaceChildren();
    status.append(message('success', `Revoked “${label}”.`));
    row.remove();
    if (!document.querySelector('#tokens-table tbody tr')) await reload();
    document.getElementById('tokens-heading').focus();
  });
  return row;
}
