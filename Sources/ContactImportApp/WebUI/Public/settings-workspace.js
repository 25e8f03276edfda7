// Settings › Workspace (owners): the workspace's name and time zone, the clock of the generated import tag. Saved, the
// session is read again so the workspace picker shows the new name. The server checks the zone and names a bad one.

import { api, ws } from './api.js';
import { field, h, main, message, nextId } from './dom.js';
import { timeZoneInput } from './time-zone.js';
import { refreshSession } from './workspace.js';

export async function renderWorkspaceSettings() {
  const area = h('div', { id: 'workspace-settings-area' }, h('p', { text: 'Loading…' }));
  main().replaceChildren(h('h1', { text: 'Settings › Workspace' }), area);
  let settings;
  try { settings = await api('GET', ws('/settings')); } catch (e) { area.replaceChildren(message('error', e.message)); return; }

  const name = h('input', { type: 'text', id: nextId('workspace-name'), name: 'name', value: settings.name, required: true, maxlength: '100' });
  const zone = timeZoneInput(settings.timeZone);
  const hintId = `${zone.input.id}-hint`;
  zone.input.setAttribute('aria-describedby', `${hintId} ${zone.example.id}`);
  const status = h('div', { id: 'workspace-settings-status', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'primary', id: 'save-workspace', text: 'Save' });
  const form = h('form', { class: 'card short-fields', id: 'workspace-settings-form', novalidate: true },
    field('Workspace name', name),
    h('div', { class: 'field' }, h('label', { for: zone.input.id, text: 'Time zone' }), zone.input, zone.datalist,
      h('p', { class: 'hint', id: hintId },
        'An IANA time zone name, such as Europe/Berlin or Asia/Kuala_Lumpur. It is the clock of the import tag each import adds to its contacts (',
        h('code', { text: 'import-YYYY-MM-DD-HHMM' }), '): the date and time the import was uploaded, in this zone.'),
      zone.example),
    status, button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.replaceChildren();
    const changes = {};
    if (name.value.trim() !== settings.name) changes.name = name.value.trim();
    if (zone.input.value.trim() !== settings.timeZone) changes.timeZone = zone.input.value.trim();
    if (Object.keys(changes).length === 0) { status.append(message('info', 'Nothing changed.')); return; }
    button.disabled = true;
    try {
      settings = await api('PATCH', ws('/settings'), changes);
      name.value = settings.name;
      zone.input.value = settings.timeZone;
      status.append(message('success', `Saved: ${settings.name}, time zone ${settings.timeZone}.`));
      await refreshSession().catch(() => {});
    } catch (e) {
      status.append(message('error', e.message));
    }
    button.disabled = false;
  });
  area.replaceChildren(form);
}
