// The page's shared state: the signed-in session, the current workspace and role, unread notifications, and the
// interval timers of the screen on show (stopped whenever the screen changes).

export const state = {
  session: null, // {user, workspaces, csrfToken}
  workspaceId: null,
  role: null,
  notifications: [],
  timers: new Set(),
};

export const isManager = () => state.role === 'owner' || state.role === 'manager';

export function every(ms, fn) {
  const id = setInterval(fn, ms);
  state.timers.add(id);
  return id;
}
export function stopTimers() {
  for (const id of state.timers) clearInterval(id);
  state.timers.clear();
}
export const isOwner = () => state.role === 'owner';
