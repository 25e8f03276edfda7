// Settings › Workspace: the workspace's name, its time zone (the clock of the generated import tag) and how phone
// numbers are written (as given, or E.164 with a default country). Owners change them with one Save; managers see
// them read-only. Saved, the session is read again so the workspace picker shows the new name. The server checks
// the zone and the phone setting and names a bad one. Under E.164, owners and managers also find the rewrite of the
// phones stored before (settings-phone-cleanup.js) below.

import { api, ws } from './api.js';
import { field, h, main, message, nextId } from './dom.js';
import { countryLabel, phoneCountries, phoneSettingText } from './phone-numbers.js';
import { renderPhoneCleanUp } from './settings-phone-cleanup.js';
import { isOwner } from './state.js';
import { timeZoneInput } from './time-zone.js';
import { refreshSession } from './workspace.js';

const FORMATS = [
  {
    id: 'asGiven', title: 'As given',
    desc: () => ['Stored exactly as typed; ', h('code', { text: '+60 12-345 6789' }), ' and ', h('code', { text: '012-345 6789' }), ' are different numbers.'],
  },
  {
    id: 'e164', title: 'E.164',
    desc: () => ['Every phone written by imports and the API is rewritten to international form (', h('code', { text: '+60123456789' }), ') and matched that way.'],
  },
];

export async function renderWorkspaceSettings() {
  const area = h('div', { id: 'workspace-settings-area' }, h('p', { text: 'Loading…' }));
  const cleanUp = h('div', { id: 'phone-cleanup-area' });
  main().replaceChildren(h('h1', { text: 'Settings › Workspace' }), area, cleanUp);
  let settings;
  let countries;
  try {
    [settings, countries] = await Promise.all([api('GET', ws('/settings')), phoneCountries()]);
  } catch (e) {
    area.replaceChildren(message('error', e.message));
    return;
  }
  area.replaceChildren(isOwner() ? settingsForm(settings, countries, (saved) => renderPhoneCleanUp(cleanUp, saved, countries))
    : settingsReadOnly(settings, countries));
  renderPhoneCleanUp(cleanUp, settings, countries);
}

// Managers: the settings as they are, and who may change them.
function settingsReadOnly(settings, countries) {
  return h('section', { class: 'card details', id: 'workspace-settings-read-only', 'aria-labelledby': 'workspace-settings-heading' },
    h('h2', { id: 'workspace-settings-heading', text: 'This workspace' }),
    message('info', 'Only owners can change the workspace’s settings.'),
    h('dl', {},
      h('dt', { text: 'Workspace name' }), h('dd', { text: settings.name }),
      h('dt', { text: 'Time zone' }), h('dd', { text: settings.timeZone }),
      h('dt', { text: 'Phone numbers' }), h('dd', { id: 'phone-setting', text: phoneSettingText(settings, countries) })));
}

// Owners: the form, saved with one PATCH of what changed; onSaved(settings) follows a save.
function settingsForm(initial, countries, onSaved) {
  let settings = initial;
  const name = h('input', { type: 'text', id: nextId('workspace-name'), name: 'name', value: settings.name, required: true, maxlength: '100' });
  const zone = timeZoneInput(settings.timeZone);
  const hintId = `${zone.input.id}-hint`;
  zone.input.setAttribute('aria-describedby', `${hintId} ${zone.example.id}`);
  const radios = FORMATS.map((f) => h('input', {
    type: 'radio', name: 'phoneNumbers', id: `phone-format-${f.id}`, value: f.id, checked: settings.phoneNumbers === f.id,
    'aria-describedby': `phone-format-${f.id}-desc`,
  }));
  const country = h('select', { id: nextId('default-country'), name: 'defaultCountry' },
    h('option', { value: '', text: 'Choose a country…' }),
    countries.map((c) => h('option', { value: c.code, text: c.label, selected: c.code === settings.defaultCountry })));
  const status = h('div', { id: 'workspace-settings-status', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'primary', id: 'save-workspace', text: 'Save' });
  const form = h('form', { class: 'card short-fields', id: 'workspace-settings-form', novalidate: true },
    field('Workspace name', name),
    h('div', { class: 'field' }, h('label', { for: zone.input.id, text: 'Time zone' }), zone.input, zone.datalist,
      h('p', { class: 'hint', id: hintId },
        'An IANA time zone name, such as Europe/Berlin or Asia/Kuala_Lumpur. It is the clock of the import tag each import adds to its contacts (',
        h('code', { text: 'import-YYYY-MM-DD-HHMM' }), '): the date and time the import was uploaded, in this zone.'),
      zone.example),
    h('fieldset', { id: 'phone-numbers', class: 'phone-numbers', 'aria-describedby': 'phone-numbers-hint' },
      h('legend', { text: 'Phone numbers' }),
      h('p', { class: 'hint', id: 'phone-numbers-hint', text: 'How the phone numbers that imports and the API write are stored, and so how an import matches contacts by phone.' }),
      h('div', { class: 'format-choices' }, FORMATS.map((f, i) => h('label', { class: 'option-card', for: radios[i].id }, radios[i],
        h('span', {}, h('span', { class: 'title' }, f.title, f.id === 'asGiven' ? h('span', { class: 'badge-inline', text: 'default' }) : null),
          h('span', { class: 'desc', id: `phone-format-${f.id}-desc` }, ...f.desc()))))),
      field('Default country', country, 'Needed for E.164: national numbers such as 012-345 6789 are read as numbers of this country.')),
    status, button);
  const chosenFormat = () => radios.find((r) => r.checked)?.value || settings.phoneNumbers;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.replaceChildren();
    const changes = {};
    if (name.value.trim() !== settings.name) changes.name = name.value.trim();
    if (zone.input.value.trim() !== settings.timeZone) changes.timeZone = zone.input.value.trim();
    if (chosenFormat() !== settings.phoneNumbers) changes.phoneNumbers = chosenFormat();
    if ((country.value || null) !== settings.defaultCountry) changes.defaultCountry = country.value || null;
    if (Object.keys(changes).length === 0) { status.append(message('info', 'Nothing changed.')); return; }
    button.disabled = true;
    try {
      settings = await api('PATCH', ws('/settings'), changes);
      name.value = settings.name;
      zone.input.value = settings.timeZone;
      for (const r of radios) r.checked = r.value === settings.phoneNumbers;
      country.value = settings.defaultCountry || '';
      const phones = settings.phoneNumbers === 'e164'
        ? `phone numbers in E.164 (default country ${countryLabel(countries, settings.defaultCountry)})` : 'phone numbers as given';
      status.append(message('success', `Saved: ${settings.name}, time zone ${settings.timeZone}, ${phones}.`));
      onSaved(settings);
      await refreshSession().catch(() => {});
    } catch (e) {
      status.append(message('error', e.message));
    }
    button.disabled = false;
  });
  return form;
}
