// Signing in and out: the sign-in form with what the server offers beside it (the first-run notice while it has no
// account; "Forgot password?" when it can send mail, else who to ask), starting a session (workspace picker, top bar,
// the page asked for before signing in), signing out, and the page shown when the server ends the session.

import { api } from './api.js';
import { $, h, main, message, nextId } from './dom.js';
import { refreshNotifications } from './notifications.js';
import { renderForgotPassword } from './password-reset.js';
import { route } from './router.js';
import { state, stopTimers } from './state.js';
import { showWorkspaces, useWorkspace } from './workspace.js';

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
  const firstRun = h('div', { id: 'first-run-notice' });
  const help = h('div', { id: 'sign-in-help' });
  const form = h('form', { class: 'card narrow', id: 'sign-in-form', novalidate: true },
    h('h1', { text: 'Sign in' }),
    notice ? message('info', notice) : null,
    firstRun,
    h('div', { class: 'field' },
      h('label', { for: emailId, text: 'Email' }),
      h('input', { type: 'email', id: emailId, name: 'email', autocomplete: 'username', required: true })),
    h('div', { class: 'field' },
      h('label', { for: passwordId, text: 'Password' }),
      h('input', { type: 'password', id: passwordId, name: 'password', autocomplete: 'current-password', required: true })),
    error,
    h('button', { type: 'submit', class: 'primary', id: 'sign-in-button', text: 'Sign in' }),
    help);
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
  showSignInOptions(firstRun, help);
}

// What the server offers beside the form: GET /sign-in-options says whether it has no account yet and whether it
// can email a reset link.
async function showSignInOptions(firstRun, help) {
  let options = { setupRequired: false, passwordResetByEmail: false };
  try { options = await api('GET', '/sign-in-options'); } catch { /* the hint below still helps */ }
  if (!help.isConnected) return;
  if (options.setupRequired) {
    firstRun.replaceChildren(h('p', { class: 'message info', role: 'status', id: 'setup-required' },
      'This server has no accounts yet. Open the setup link that ', h('code', { text: 'contact-import serve' }), ' printed in its terminal.'));
  }
  help.replaceChildren(options.passwordResetByEmail
    ? h('p', {}, h('button', { type: 'button', class: 'link-button', id: 'forgot-password', text: 'Forgot password?', onclick: () => renderForgotPassword(() => renderSignIn()) }))
    : h('p', { class: 'hint', id: 'forgot-hint', text: 'Forgot your password? Ask a workspace owner for a reset link.' }));
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
  showWorkspaces();
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
  // Whoever signs in next starts on their own first page, not on the one left behind.
  history.replaceState(null, '', '#/sign-in');
  renderSignIn('You have signed out.');
}
