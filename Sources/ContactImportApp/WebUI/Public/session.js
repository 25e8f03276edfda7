// Signing in and out: the sign-in form, starting a session (workspace picker, top bar, the page asked for before
// signing in), signing out, and the page shown when the server ends the session.

import { api } from './api.js';
import { $, h, main, message, nextId } from './dom.js';
import { refreshNotifications } from './notifications.js';
import { route } from './router.js';
import { state, stopTimers } from './state.js';
import { useWorkspace } from './workspace.js';

export function sessionEnded() {
  state.session = null;
  stopTimers();
  renderSignIn('Your session has ended. Please sign in again.');
}

export function renderSignIn(notice) {
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

export function startSession(session) {
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

export async function signOut() {
  try { await api('DELETE', '/session'); } catch { /* signing out anyway */ }
  state.session = null;
  renderSignIn('You have signed out.');
}
