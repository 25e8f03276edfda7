// Contact Activity (SPEC §14) on a contact's details, for every member: what happened to the contact, newest first —
// created, edited, added or updated by an import, merged from other contacts, restored by an undo — with when, by
// whom and the server's sentence. An import's entry links, for owners and managers, to that import under
// Settings › Data Import (its own link, #/workspaces/{ws}/imports/{id}: the import highlighted, its files on offer).

import { api, ws } from './api.js';
import { formatDate, h, message } from './dom.js';
import { isManager, state } from './state.js';

const KINDS = {
  created: 'Created',
  edited: 'Edited',
  import_added: 'Added by an import',
  import_updated: 'Updated by an import',
  merged: 'Merged',
  undo_restored: 'Restored by an undo',
};

// The Activity section of contact `id`: drawn at once, filled in when the activity has been read.
export function activitySection(id) {
  const area = h('div', { id: 'contact-activity', 'aria-busy': 'true' }, h('p', { class: 'hint', text: 'Loading the activity…' }));
  const section = h('section', { class: 'activity', 'aria-labelledby': 'contact-activity-heading' },
    h('h3', { id: 'contact-activity-heading', text: 'Activity' }), area);
  fill(id, area);
  return section;
}

async function fill(id, area) {
  let entries;
  try {
    entries = (await api('GET', ws(`/contacts/${id}/activity`))).activity || [];
  } catch (e) {
    area.removeAttribute('aria-busy');
    area.replaceChildren(message('error', `The activity could not be read: ${e.message}`));
    return;
  }
  area.removeAttribute('aria-busy');
  if (entries.length === 0) {
    area.replaceChildren(h('p', { class: 'hint', id: 'no-activity', text: 'No activity recorded for this contact.' }));
    return;
  }
  area.replaceChildren(h('ol', { class: 'activity-list', 'aria-label': 'Activity, newest first' }, entries.map(entry)));
}

function entry(a) {
  const importLink = a.importId !== undefined && a.importId !== null && isManager()
    ? h('a', { href: `#/workspaces/${state.workspaceId}/imports/${a.importId}`, class: 'activity-import', text: `Open import #${a.importId}` })
    : null;
  return h('li', { class: 'activity-entry', 'data-kind': a.kind },
    h('div', { class: 'activity-head' },
      h('strong', { class: 'activity-kind', text: KINDS[a.kind] || a.kind }),
      h('span', { class: 'activity-meta' },
        a.at ? h('time', { datetime: a.at, text: formatDate(a.at) }) : null,
        a.by ? ` · by ${a.by}` : null)),
    a.details ? h('p', { class: 'activity-details', text: a.details }) : null,
    importLink ? h('p', { class: 'activity-links' }, importLink) : null);
}
