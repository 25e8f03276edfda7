// First-run setup (/setup?code=…, the one-time link `contact-import serve` prints while the database has no user):
// the first workspace (name, time zone) and its owner (email, password). Done, the page moves to / signed in; a link
// that no longer works (set up already, or a wrong code) says so and points to sign-in.

import { api } from './api.js';
import { $, field, h, main, message, newPasswordProblem, nextId } from './dom.js';
import { timeZoneInput } from './time-zone.js';

// onSignedIn: what follows a sign-in (the session module's startSession), given the new session.
export function renderSetup(onSignedIn) {
  const code = new URLSearchParams(location.search).get('code') || '';
  $('#topbar').hidden = true;
  if (!code) { renderSetupGone(); return; }
  const workspaceName = h('input', { type: 'text', id: nextId('setup-workspace'), name: 'workspaceName', required: true, maxlength: '100', autocomplete: 'organization' });
  const zone = timeZoneInput();
  zone.input.setAttribute('aria-describedby', `${zone.input.id}-hint ${zone.example.id}`);
  const email = h('input', { type: 'email', id: nextId('setup-email'), name: 'email', required: true, autocomplete: 'username' });
  const password = h('input', { type: 'password', id: nextId('setup-password'), name: 'password', required: true, minlength: '8', autocomplete: 'new-password' });
  const confirmation = h('input', { type: 'password', id: nextId('setup-confirm'), name: 'confirm', required: true, minlength: '8', autocomplete: 'new-password' });
  const error = h('div', { 'aria-live': 'assertive', id: 'setup-error' });
  const button = h('button', { type: 'submit', class: 'primary', id: 'setup-button', text: 'Create workspace and sign in' });
  const form = h('form', { class: 'card narrow', id: 'setup-form', novalidate: true },
    h('h1', { text: 'Set up Contact Import' }),
    h('p', { text: 'Create the first workspace and its owner: you. Once this is done this link stops working, and you add everyone else from Settings › Members.' }),
    h('fieldset', {},
      h('legend', { text: 'Workspace' }),
      field('Workspace name', workspaceName),
      h('div', { class: 'field' }, h('label', { for: zone.input.id, text: 'Time zone' }), zone.input, zone.datalist,
        h('p', { class: 'hint', id: `${zone.input.id}-hint`, text: 'The clock of the import tag each import adds (import-YYYY-MM-DD-HHMM).' }), zone.example)),
    h('fieldset', {},
      h('legend', { text: 'Owner' }),
      field('Email', email),
      field('Password', password, 'At least 8 characters.'),
      field('Confirm password', confirmation)),
    error, button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.replaceChildren();
    const problem = !workspaceName.value.trim() ? 'Give the workspace a name.'
      : !email.value.trim() ? 'Enter the owner’s email.'
        : newPasswordProblem(password.value, confirmation.value);
    if (problem) { error.append(message('error', problem)); return; }
    button.disabled = true;
    try {
      const session = await api('POST', '/setup', {
        code, workspaceName: workspaceName.value.trim(), timeZone: zone.input.value.trim(), email: email.value.trim(), password: password.value,
      });
      history.replaceState(null, '', '/');
      onSignedIn(session);
    } catch (e) {
      if (e.status === 404) { renderSetupGone(); return; }
      error.append(message('error', e.message));
      button.disabled = false;
    }
  });
  main().replaceChildren(form);
  workspaceName.focus();
}

function renderSetupGone() {
  main().replaceChildren(h('div', { class: 'card narrow', id: 'setup-gone' },
    h('h1', { text: 'Setup link no longer valid' }),
    message('error', 'This setup link is no longer valid: the server is already set up. Sign in instead.'),
    h('a', { href: '/', class: 'button primary', id: 'setup-sign-in', text: 'Sign in' })));
}
