// The workspace's time zone, as first-run setup and Settings › Workspace ask for it: an IANA name typed or picked
// from the browser's list (a datalist), this browser's own zone by default, and the import tag an import started
// now would get in a zone (the zone is that tag's clock). The server decides which names it accepts.

import { h, nextId } from './dom.js';

export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

// The text input (with its datalist beside it) and the line showing the import tag it gives now.
export function timeZoneInput(value) {
  const id = nextId('time-zone');
  const listId = `${id}-zones`;
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const input = h('input', {
    type: 'text', id, name: 'timeZone', list: listId, value: value || browserTimeZone(), required: true,
    autocomplete: 'off', spellcheck: 'false', placeholder: 'Region/City, e.g. Asia/Kuala_Lumpur',
  });
  const example = h('p', { class: 'hint', id: `${id}-example`, 'aria-live': 'polite' });
  const showExample = () => {
    const tag = importTagNow(input.value.trim());
    if (tag) example.replaceChildren('An import started now would be tagged ', h('code', { class: 'tag-example', text: tag }), '.');
    else example.textContent = 'Not a time zone this browser knows: the server checks it when you save.';
  };
  input.addEventListener('input', showExample);
  showExample();
  return { input, datalist: h('datalist', { id: listId }, zones.map((zone) => h('option', { value: zone }))), example };
}

// The generated import tag's form (import-YYYY-MM-DD-HHMM) for now in a zone; null when the browser does not know it.
export function importTagNow(zone) {
  if (!zone) return null;
  let parts;
  try {
    parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).formatToParts(new Date());
  } catch {
    return null;
  }
  const part = (type) => parts.find((p) => p.type === type)?.value || '';
  return `import-${part('year')}-${part('month')}-${part('day')}-${part('hour')}${part('minute')}`;
}
