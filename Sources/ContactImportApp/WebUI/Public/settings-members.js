// Settings › Members: the workspace's members and their roles. Owners add a member by email (a new person gets a
// password-reset link, shown once, to send them), change a role, remove a member (after a confirmation) and issue a
// reset link; managers see the list only. The server keeps the last owner, and says why when it refuses.

import { api, ws } from './api.js';
import { confirmDialog, field, formatDate, h, main, message, nextId, secretBox } from './dom.js';
import { route } from './router.js';
import { isOwner, state } from './state.js';
import { refreshSession } from './workspace.js';

const ROLES = [['owner', 'Owner'], ['manager', 'Manager'], ['agent', 'Agent']];
const roleName = (role) => ROLES.find(([id]) => id === role)?.[1] || role;

export async function renderMembers() {
  const owner = isOwner();
  const listArea = h('div', { id: 'members-area' }, h('p', { text: 'Loading…' }));
  const status = h('div', { id: 'members-status', 'aria-live': 'polite' });
  const linkArea = h('div', { id: 'member-link-area', 'aria-live': 'polite' });
  main().replaceChildren(...[
    h('h1', { text: 'Settings › Members' }),
    owner ? addMemberCard(linkArea, () => load()) : null,
    linkArea,
    h('section', { class: 'card', 'aria-labelledby': 'members-heading' },
      h('h2', { id: 'members-heading', tabindex: '-1', text: 'Members' }),
      h('p', { class: 'hint', text: 'Owners manage the workspace and its members; managers import contacts and change contact fields; agents work with contacts only.' }),
      owner ? null : message('info', 'Only owners can add, change or remove members.'),
      status, listArea),
  ].filter(Boolean));

  const load = async () => {
    let members;
    try { members = (await api('GET', ws('/members'))).members; } catch (e) { listArea.replaceChildren(message('error', e.message)); return; }
    listArea.replaceChildren(h('div', { class: 'table-wrap' }, h('table', { id: 'members-table', class: 'stack-table' },
      h('caption', { class: 'visually-hidden', text: 'Members of this workspace' }),
      h('thead', {}, h('tr', {}, ['Email', 'Role', ...(owner ? ['Actions'] : [])].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, members.map((m) => memberRow(m, owner, { status, linkArea, load }))))));
  };
  await load();
}

function addMemberCard(linkArea, reload) {
  const email = h('input', { type: 'email', id: nextId('member-email'), name: 'email', required: true, autocomplete: 'off' });
  const role = h('select', { id: nextId('member-role'), name: 'role' }, ROLES.map(([id, text]) => h('option', { value: id, text, selected: id === 'agent' })));
  const status = h('div', { id: 'add-member-status', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'primary', id: 'add-member', text: 'Add member' });
  const form = h('form', { id: 'add-member-form', novalidate: true },
    h('h2', { text: 'Add a member' }),
    h('div', { class: 'row' }, field('Email', email), field('Role', role), h('div', { class: 'field' }, button)),
    h('p', { class: 'hint', text: 'Someone new to this server gets a link to choose their password; someone with an account already signs in as before.' }),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.replaceChildren();
    linkArea.replaceChildren();
    if (!email.value.trim()) { status.append(message('error', 'Enter the new member’s email.')); email.focus(); return; }
    button.disabled = true;
    try {
      const added = await api('POST', ws('/members'), { email: email.value.trim(), role: role.value });
      status.append(message('success', `Added ${added.email} as ${roleName(added.role)}.`));
      if (added.passwordReset) showLink(linkArea, added.email, added.passwordReset);
      else linkArea.replaceChildren(message('info', `${added.email} already has a password: they sign in with it and find this workspace in the workspace picker.`));
      form.reset();
      role.value = 'agent';
      await reload();
    } catch (e) {
      status.append(message('error', e.message));
    }
    button.disabled = false;
  });
  return h('section', { class: 'card' }, form);
}

function memberRow(member, owner, { status, linkArea, load }) {
  const me = member.userId === state.session.user.id;
  const emailCell = h('td', {}, h('span', { text: member.email }), me ? h('span', { class: 'badge-inline', text: 'you' }) : null);
  if (!owner) return h('tr', { 'data-user-id': String(member.userId) }, emailCell, h('td', { text: roleName(member.role) }));

  const select = h('select', { id: `role-${member.userId}`, 'aria-label': `Role of ${member.email}` },
    ROLES.map(([id, text]) => h('option', { value: id, text, selected: id === member.role })));
  select.addEventListener('change', async () => {
    status.replaceChildren();
    select.disabled = true;
    try {
      const changed = await api('PATCH', ws(`/members/${member.userId}`), { role: select.value });
      member.role = changed.role;
      status.append(message('success', `${member.email} is now ${roleName(changed.role)}.`));
    } catch (e) {
      select.value = member.role;
      status.append(message('error', e.message));
    }
    select.disabled = false;
    // Your own role changed: the page follows what you may now do.
    if (me && (await refreshSession().catch(() => false))) route();
  });
  const reset = h('button', { type: 'button', id: `reset-link-${member.userId}`, text: 'Password reset link' });
  reset.addEventListener('click', async () => {
    status.replaceChildren();
    try {
      showLink(linkArea, member.email, await api('POST', ws(`/members/${member.userId}/password-reset`)));
    } catch (e) {
      status.append(message('error', e.message));
    }
  });
  const remove = h('button', { type: 'button', class: 'danger', id: `remove-${member.userId}`, text: 'Remove' });
  remove.addEventListener('click', async () => {
    status.replaceChildren();
    const question = me ? 'Remove yourself from this workspace? You lose access to it at once.'
      : `Remove ${member.email} from this workspace? They lose access to it at once.`;
    if (!(await confirmDialog(question, 'Remove'))) { remove.focus(); return; }
    try {
      await api('DELETE', ws(`/members/${member.userId}`));
    } catch (e) {
      status.append(message('error', e.message));
      remove.focus();
      return;
    }
    if (me) { await refreshSession().catch(() => {}); location.hash = '#/contacts'; return; }
    status.append(message('success', `Removed ${member.email}.`));
    await load();
    document.getElementById('members-heading')?.focus();
  });
  return h('tr', { 'data-user-id': String(member.userId) },
    emailCell, h('td', {}, select), h('td', {}, h('div', { class: 'row-actions' }, reset, remove)));
}

// A reset link shown once, with its Copy button.
function showLink(area, email, { link, expiresAt }) {
  area.replaceChildren(h('section', { class: 'card one-time', id: 'member-link', 'aria-labelledby': 'member-link-heading' },
    h('h2', { id: 'member-link-heading', tabindex: '-1', text: `Password link for ${email}` }),
    secretBox({
      id: 'member-link-value', label: 'Link to choose a password', value: link,
      note: `Send this link to them; it works once, for 24 hours${expiresAt ? ` (until ${formatDate(expiresAt)})` : ''}.`,
    })));
  document.getElementById('member-link-heading').focus();
}
