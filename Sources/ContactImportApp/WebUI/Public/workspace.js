// The current workspace: choosing it (remembered in localStorage) sets the role, and with it which parts of the
// page (.manager-only) show.

import { isManager, state } from './state.js';

export function useWorkspace(id) {
  const membership = state.session.workspaces.find((w) => w.id === id);
  state.workspaceId = membership.id;
  state.role = membership.role;
  localStorage.setItem('workspace', String(id));
  document.body.classList.toggle('agent', !isManager());
  for (const el of document.querySelectorAll('.manager-only')) el.hidden = !isManager();
}
