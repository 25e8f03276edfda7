// The current workspace: choosing it (remembered in localStorage) sets the role, and with it which parts of the
// page show (.manager-only: owners and managers; .owner-only: owners); the workspace picker in the top bar; and
// reading the session again when a workspace's name or the user's roles change.

import { api } from './api.js';
import { $, h } from './dom.js';
import { isManager, isOwner, state } from './state.js';

export function useWorkspace(id) {
  const membership = state.session.workspaces.find((w) => w.id === id);
  state.workspaceId = membership.id;
  state.role = membership.role;
  localStorage.setItem('workspace', String(id));
  document.body.classList.toggle('agent', !isManager());
  for (const el of document.querySelectorAll('.manager-only')) el.hidden = !isManager();
  for (const el of document.querySelectorAll('.owner-only')) el.hidden = !isOwner();
}

// Switches to a workspace the page did not choose itself (a link into another workspace), picker included.
export function showWorkspace(id) {
  useWorkspace(id);
  $('#workspace-select').value = String(id);
}

// The workspace picker: each workspace with the user's role in it, shown when there is more than one.
export function showWorkspaces() {
  const select = $('#workspace-select');
  select.replaceChildren(...state.session.workspaces.map((w) => h('option', { value: String(w.id), text: `${w.name} (${w.role})` })));
  select.value = String(state.workspaceId);
  select.closest('label').hidden = state.session.workspaces.length < 2;
}

// Reads the session again (a renamed workspace, a changed role), keeping the current workspace while the user is
// still a member of it. True when the role in the current workspace changed.
export async function refreshSession() {
  const fresh = await api('GET', '/session');
  const before = state.role;
  state.session = { ...state.session, ...fresh, csrfToken: fresh.csrfToken || state.session.csrfToken };
  const current = state.session.workspaces.find((w) => w.id === state.workspaceId) || state.session.workspaces[0];
  if (current) useWorkspace(current.id);
  showWorkspaces();
  return state.role !== before;
}
