// Contact Import web UI, the entry module: plain JavaScript ES modules (no build step) on the server's own JSON API
// (/api/v1), signed in by a session cookie; every state-changing request echoes the session's CSRF token.
// No inline scripts or styles (the CSP forbids them); user data only ever enters the page as text.
// This module wires the top bar (sign out, bell, workspace picker), the routes and the page-wide handlers, then
// shows the page the address asks for: first-run setup (/setup?code=…), a password-reset link
// (/reset-password?code=…), or else the session resumed or the sign-in form. The modules import only functions and
// constants from each other and run nothing when loaded, so the few import cycles (router <-> screens, wizard <-> its
// parts) are harmless.

import { api, whenSessionEnds } from './api.js';
import { $, main } from './dom.js';
import { renderSetup } from './first-run-setup.js';
import { closeNotifications, toggleNotifications } from './notifications.js';
import { renderPasswordReset } from './password-reset.js';
import { route } from './router.js';
import { renderSignIn, sessionEnded, signOut, startSession } from './session.js';
import { isManager } from './state.js';
import { forgetWizard } from './wizard-state.js';
import { useWorkspace } from './workspace.js';

async function start() {
  whenSessionEnds(sessionEnded);
  $('#sign-out').addEventListener('click', signOut);
  $('#bell').addEventListener('click', toggleNotifications);
  $('#notifications').addEventListener('keydown', (e) => { if (e.key === 'Escape') { closeNotifications(); $('#bell').focus(); } });
  $('#workspace-select').addEventListener('change', (e) => {
    useWorkspace(Number(e.target.value));
    forgetWizard();
    if (!isManager() && !location.hash.startsWith('#/contacts') && !location.hash.startsWith('#/account')) location.hash = '#/contacts';
    // An import's link names its workspace: another workspace shows its own Import History instead.
    else if (location.hash.startsWith('#/workspaces/')) location.hash = '#/settings/data-import';
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
  if (location.pathname === '/setup') { renderSetup(startSession); return; }
  if (location.pathname === '/reset-password') { renderPasswordReset(); return; }
  try {
    const session = await api('GET', '/session');
    startSession(session);
  } catch {
    renderSignIn();
  }
}

start();
