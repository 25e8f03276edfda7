// Settings › Data Import: IMPORT CONTACTS and the Import History (newest first, the row a notification or an email
// link points at highlighted, results files), refreshed while an import is processing. An email link puts its own
// card (the results file on offer) above the history. Each completed (or expired) import offers Import again with
// these settings: the wizard opens to take that import's settings for the next file.

import { api, ws } from './api.js';
import { formatDate, h, main, message, tagList } from './dom.js';
import { every, state } from './state.js';
import { startWizardLike, wizard } from './wizard-state.js';

const HISTORY_STATUSES = { processing: 'Processing', completed: 'Completed', failed: 'Failed', expired: 'Expired' };

// top: a card shown above the Import History, or null.
export async function renderDataImport(highlightId, top = null) {
  const tableArea = h('div', { id: 'history-area', 'aria-live': 'polite' }, h('p', { text: 'Loading…' }));
  main().replaceChildren(
    h('div', { class: 'spread' }, h('h1', { text: 'Settings › Data Import' }),
      h('button', { type: 'button', class: 'primary', id: 'import-contacts-button', text: 'IMPORT CONTACTS', onclick: () => { location.hash = '#/import'; } })),
    ...(top ? [top] : []),
    h('section', { class: 'card', 'aria-labelledby': 'history-heading' },
      h('h2', { id: 'history-heading', text: 'Import History' }),
      h('p', { class: 'hint', text: 'Results files can be downloaded for 7 days after an import completes. They have two extra columns: Import Status and Errors.' }),
      tableArea));
  const load = async () => {
    let imports;
    try { imports = (await api('GET', ws('/imports'))).imports; } catch (e) { tableArea.replaceChildren(message('error', e.message)); return; }
    const jobs = imports.filter((i) => HISTORY_STATUSES[i.status]);
    if (jobs.length === 0) { tableArea.replaceChildren(h('p', { text: 'No imports yet.' })); return false; }
    const table = h('table', { id: 'history-table' },
      h('caption', { class: 'visually-hidden', text: 'Import History, newest first' }),
      h('thead', {}, h('tr', {}, ['Date Imported', 'File Name', 'Uploaded By', 'New Contacts', 'Updated Contacts', 'Error Count', 'Tags Added', 'Import Status', 'Results File', 'Import Again']
        .map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, jobs.map((i) => {
        const status = HISTORY_STATUSES[i.status];
        const progress = i.status === 'processing' && i.progress?.total ? ` ${Math.floor((i.progress.done / i.progress.total) * 100)}%` : '';
        return h('tr', { 'data-import-id': String(i.id), class: i.id === highlightId ? 'highlight' : '' },
          h('td', { text: formatDate(i.startedAt || i.createdAt) }),
          h('td', { text: i.fileName }),
          h('td', { text: i.uploadedBy?.email || '' }),
          h('td', { class: 'num', text: i.summary?.imported ?? '' }),
          h('td', { class: 'num', text: i.summary?.updated ?? '' }),
          h('td', { class: 'num', text: i.summary?.errors ?? '' }),
          h('td', {}, tagList(i.tagsAdded)),
          h('td', {}, h('span', { class: `status status-${i.status}`, text: status + progress }), i.message && i.status === 'failed' ? h('div', { class: 'hint', text: i.message }) : null),
          h('td', {}, i.resultsFileAvailable
            ? h('a', { href: `/api/v1${ws(`/imports/${i.id}/results-file`)}`, download: '', class: 'results-link', text: 'Download' },
              h('span', { class: 'visually-hidden', text: ` results of ${i.fileName}` }))
            : h('span', { class: 'hint', text: i.status === 'expired' ? 'No longer available' : '—' })),
          h('td', {}, ['completed', 'expired'].includes(i.status)
            ? h('button', { type: 'button', class: 'link-button import-again', 'data-import-id': String(i.id), onclick: () => importAgain(i) },
              'Import again with these settings', h('span', { class: 'visually-hidden', text: ` (${i.fileName})` }))
            : null));
      })));
    tableArea.replaceChildren(h('div', { class: 'table-wrap' }, table));
    if (highlightId && !top) document.querySelector(`tr[data-import-id="${highlightId}"]`)?.scrollIntoView({ block: 'center' });
    return jobs.some((i) => i.status === 'processing');
  };
  if (await load()) {
    const timer = every(2000, async () => { if (!(await load())) { clearInterval(timer); state.timers.delete(timer); } });
  }
}

// Opens the wizard to take an earlier import's settings; a draft left in the wizard is canceled first.
function importAgain(earlier) {
  if (wizard?.upload && !wizard.started && ['draft', 'review'].includes(wizard.upload.status)) {
    api('DELETE', ws(`/imports/${wizard.upload.id}`)).catch(() => {});
  }
  startWizardLike({ id: earlier.id, fileName: earlier.fileName, date: earlier.startedAt || earlier.createdAt });
  location.hash = '#/import';
}
