// The workspace's phone number setting (SPEC §10) as the page shows it: the countries of the numbering plan named in
// the browser's language ("Malaysia (+60)"), the setting in words, counts of numbers with the right plural, and the
// line an import's review and summary add when it rewrote phones to E.164 (summary.phonesNormalized, present only
// under E.164).

import { api } from './api.js';
import { h } from './dom.js';

// The default-country choices, [{code, callingCode, label}] sorted by name; read once, they do not change.
let countries = null;
export async function phoneCountries() {
  if (!countries) {
    const data = await api('GET', '/phone-countries');
    let names = null;
    try { names = new Intl.DisplayNames([navigator.language, 'en'], { type: 'region' }); } catch { /* codes alone */ }
    const nameOf = (code) => { try { return names?.of(code) || code; } catch { return code; } };
    countries = data.countries
      .map((c) => ({ ...c, label: `${nameOf(c.code)} (+${c.callingCode})` }))
      .sort((a, b) => a.label.localeCompare(b.label, navigator.language));
  }
  return countries;
}

// "Malaysia (+60)" for a code in the list, else the code itself.
export function countryLabel(list, code) {
  return list.find((c) => c.code === code)?.label || code || '';
}

// The setting in words: "As given" or "E.164, default country Malaysia (+60)".
export function phoneSettingText(settings, list) {
  if (settings.phoneNumbers !== 'e164') return 'As given: stored exactly as typed';
  return `E.164, default country ${countryLabel(list, settings.defaultCountry) || 'not chosen'}`;
}

// Under E.164, a hint for the Phone Number identifier: how numbers are compared in this workspace. Added to `box`
// once the workspace's settings are read (nothing as given, or when they cannot be read). The wizard draws Part 1
// again on every choice, so the settings are read at most every 30 seconds.
let settingsRead = { workspaceId: null, at: 0, settings: null };
export async function addPhoneMatchingHint(box, workspaceId) {
  if (settingsRead.workspaceId !== workspaceId || Date.now() - settingsRead.at > 30_000) {
    try {
      settingsRead = { workspaceId, at: Date.now(), settings: await api('GET', `/workspaces/${workspaceId}/settings`) };
    } catch { return; }
  }
  const settings = settingsRead.settings;
  if (settings?.phoneNumbers !== 'e164' || box.querySelector('#identifier-e164-hint')) return;
  box.append(h('p', {
    class: 'hint', id: 'identifier-e164-hint',
    text: `In this workspace phone numbers are compared in E.164 (default country ${settings.defaultCountry}): a number `
      + 'matches however it is written, with or without its country code, spaces or dashes.',
  }));
}

// "1 number" / "1,234 numbers".
export const count = (n, one, many) => `${Number(n || 0).toLocaleString()} ${n === 1 ? one : many}`;

// "N phone numbers rewritten to E.164" for an import's summary, or null when the workspace keeps phones as given.
export function phonesRewrittenLine(summary, id) {
  const n = summary?.phonesNormalized;
  if (n === undefined || n === null) return null;
  return h('p', { class: 'phones-rewritten', id },
    h('strong', { text: `${count(n, 'phone number', 'phone numbers')} rewritten to E.164` }),
    h('span', { class: 'hint', text: ' — stored in international form (such as +60123456789), as the workspace’s phone number setting asks.' }));
}
