// Export on Contacts (SPEC §14; owners and managers): the contacts the list's search and tag select, as the server's
// CSV file. The file is read as it streams (fetch), so the page can say how far it has got — contacts and bytes so far
// — offer Cancel, and say in words why an export was refused; once complete it is saved under the server's file name
// from a Blob URL. (A plain link would leave a person with no progress on a large export and a JSON error saved as a
// file when something goes wrong.)

import { api, ws } from './api.js';
import { h } from './dom.js';
import { count } from './phone-numbers.js';

const NEWLINE = 0x0a;
const QUOTE = 0x22;

// The Export button with its Cancel, and the status line they report to. filter() answers the {search, tag} to
// export (the ones the list shows).
export function exportControls(filter) {
  const status = h('p', { id: 'export-status', class: 'export-status', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', id: 'export-contacts', text: 'Export', 'aria-describedby': 'export-status' });
  const cancel = h('button', { type: 'button', id: 'export-cancel', class: 'link-button', text: 'Cancel export', hidden: true });
  let controller = null;
  const say = (text, kind = '') => { status.className = `export-status ${kind}`.trim(); status.textContent = text; };
  const describe = ({ search, tag }) => {
    const parts = [search ? `matching “${search}”` : null, tag ? `tagged “${tag}”` : null].filter(Boolean);
    return parts.length ? `the contacts ${parts.join(' and ')}` : 'all contacts';
  };

  cancel.addEventListener('click', () => controller?.abort());
  button.addEventListener('click', async () => {
    const chosen = filter();
    controller = new AbortController();
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    button.textContent = 'Preparing export…';
    cancel.hidden = false;
    say(`Exporting ${describe(chosen)}…`);
    try {
      const file = await download(chosen, controller.signal, (rows, bytes) => {
        button.textContent = 'Exporting…';
        say(`Exporting ${describe(chosen)}: ${count(rows, 'contact', 'contacts')} so far (${size(bytes)}).`);
      });
      save(file);
      say(`Exported ${count(file.rows, 'contact', 'contacts')} (${describe(chosen)}) to ${file.name}.`, 'ok');
    } catch (e) {
      if (controller.signal.aborted) say('Export canceled: nothing was saved.');
      else say(e.status === 403 ? 'Only workspace owners and managers can export contacts.' : `The export failed: ${e.message}`, 'error');
    } finally {
      controller = null;
      button.disabled = false;
      button.removeAttribute('aria-busy');
      button.textContent = 'Export';
      cancel.hidden = true;
    }
  });
  return { controls: h('div', { class: 'export-controls' }, cancel, button), status };
}

// Reads the export to its end: {name, blob, rows}. progress(rows, bytes) is told as it arrives, a few times a second.
async function download({ search, tag }, signal, progress) {
  const params = new URLSearchParams();
  if (search) params.set('search', search);
  if (tag) params.set('tag', tag);
  const query = params.toString();
  const response = await api('GET', ws(`/contacts/export${query ? `?${query}` : ''}`), undefined, { raw: true, signal });
  const name = fileName(response.headers.get('content-disposition'));
  const parts = [];
  let bytes = 0;
  let lines = 0;
  let quoted = false; // inside a quoted cell, where a line break belongs to the value
  let last = NEWLINE;
  let told = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    bytes += value.length;
    for (let i = 0; i < value.length; i += 1) {
      const byte = value[i];
      if (byte === QUOTE) quoted = !quoted;
      else if (byte === NEWLINE && !quoted) lines += 1;
    }
    last = value[value.length - 1];
    if (Date.now() - told > 250) { told = Date.now(); progress(Math.max(lines - 1, 0), bytes); }
  }
  // The header is no contact; a last row may end without a line break.
  const rows = Math.max(lines + (last === NEWLINE ? 0 : 1) - 1, 0);
  return { name, rows, blob: new Blob(parts, { type: 'text/csv' }) };
}

// Saves the file as a download; the Blob URL is let go once the browser has had time to take the file.
function save({ name, blob }) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// The file name the server gives (Content-Disposition: attachment; filename="…" or filename*=UTF-8''…), else
// contacts.csv.
function fileName(disposition) {
  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition || '');
  if (encoded) { try { return decodeURIComponent(encoded[1].trim()); } catch { /* the plain name below */ } }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition || '');
  return plain ? plain[1].trim() : 'contacts.csv';
}

// "12 KB", "3.4 MB".
function size(bytes) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024).toLocaleString()} KB`;
  return `${(bytes / (1024 * 1024)).toLocaleString(undefined, { maximumFractionDigits: 1 })} MB`;
}
