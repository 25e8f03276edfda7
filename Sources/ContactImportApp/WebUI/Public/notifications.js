// The notification centre: the bell's unread count, the list in its popover (a finished or undone import links to
// its row in the Import History), opening and closing it, marking notifications read.

import { api } from './api.js';
import { $, formatDate, h } from './dom.js';
import { state } from './state.js';
import { useWorkspace } from './workspace.js';

export async function refreshNotifications() {
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
    return h('li', { class: n.read ? 'notification' : 'notification unread', 'data-kind': n.kind },
      h('span', { text: n.message }), h('time', { datetime: n.createdAt, text: formatDate(n.createdAt) }), open);
  }));
}

export function closeNotifications() {
  $('#notifications').hidden = true;
  $('#bell').setAttribute('aria-expanded', 'false');
}

export async function toggleNotifications() {
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
