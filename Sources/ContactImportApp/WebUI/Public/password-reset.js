// Password reset, both halves: "Forgot password?" under the sign-in form (when the server can send mail: an email
// address in, the server's one answer out, the same whether or not the account exists), and the page a reset link
// opens (/reset-password?code=…, from that email or from an owner): choose a new password, then sign in with it.
// A used or expired link says so (the server's message).

import { api } from './api.js';
import { $, field, h, main, message, newPasswordProblem, nextId } from './dom.js';

// back: shows the sign-in form again.
export function renderForgotPassword(back) {
  const email = h('input', { type: 'email', id: nextId('forgot-email'), name: 'email', required: true, autocomplete: 'username' });
  const status = h('div', { 'aria-live': 'polite', id: 'forgot-status' });
  const button = h('button', { type: 'submit', class: 'primary', id: 'forgot-button', text: 'Email me a reset link' });
  const form = h('form', { class: 'card narrow', id: 'forgot-form', novalidate: true },
    h('h1', { text: 'Forgot password?' }),
    h('p', { text: 'Enter the email you sign in with. If it belongs to an account here, a link to choose a new password is sent to it; the link works once, for 24 hours.' }),
    field('Email', email),
    status,
    h('div', { class: 'spread' }, button, h('button', { type: 'button', class: 'link-button', id: 'forgot-back', text: 'Back to sign in', onclick: back })));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.replaceChildren();
    if (!email.value.trim()) { status.append(message('error', 'Enter your email.')); email.focus(); return; }
    button.disabled = true;
    try {
      const answer = await api('POST', '/password-reset-requests', { email: email.value.trim() });
      status.append(message('success', answer?.message || 'If that email belongs to an account here, a reset link is on its way.'));
    } catch (e) {
      status.append(message('error', e.message));
    }
    button.disabled = false;
  });
  main().replaceChildren(form);
  email.focus();
}

// The page of a reset link: the new password twice.
export function renderPasswordReset() {
  const code = new URLSearchParams(location.search).get('code') || '';
  $('#topbar').hidden = true;
  if (!code) { renderResetEnded('This password-reset link is incomplete. Ask for a new one.'); return; }
  const password = h('input', { type: 'password', id: nextId('reset-password'), name: 'newPassword', required: true, minlength: '8', autocomplete: 'new-password' });
  const confirmation = h('input', { type: 'password', id: nextId('reset-confirm'), name: 'confirm', required: true, minlength: '8', autocomplete: 'new-password' });
  const error = h('div', { 'aria-live': 'assertive', id: 'reset-error' });
  const button = h('button', { type: 'submit', class: 'primary', id: 'reset-button', text: 'Change password' });
  const form = h('form', { class: 'card narrow', id: 'reset-form', novalidate: true },
    h('h1', { text: 'Choose a new password' }),
    field('New password', password, 'At least 8 characters.'),
    field('Confirm new password', confirmation),
    error, button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.replaceChildren();
    const problem = newPasswordProblem(password.value, confirmation.value);
    if (problem) { error.append(message('error', problem)); password.focus(); return; }
    button.disabled = true;
    try {
      await api('POST', '/password-reset', { code, newPassword: password.value });
    } catch (e) {
      if (e.status === 410 || e.status === 404) { renderResetEnded(e.message); return; }
      error.append(message('error', e.message));
      button.disabled = false;
      return;
    }
    main().replaceChildren(h('div', { class: 'card narrow', id: 'reset-done' },
      h('h1', { tabindex: '-1', text: 'Password changed' }),
      message('success', 'Your password is changed. Sign in with it.'),
      h('a', { href: '/', class: 'button primary', id: 'reset-sign-in', text: 'Sign in' })));
    $('#reset-done h1').focus();
  });
  main().replaceChildren(form);
  password.focus();
}

function renderResetEnded(text) {
  main().replaceChildren(h('div', { class: 'card narrow', id: 'reset-gone' },
    h('h1', { tabindex: '-1', text: 'This link no longer works' }),
    message('error', text),
    h('p', { text: 'Ask a workspace owner for a new reset link, or use “Forgot password?” on the sign-in page if it is offered.' }),
    h('a', { href: '/', class: 'button', id: 'reset-gone-sign-in', text: 'Go to sign-in' })));
  $('#reset-gone h1').focus();
}
