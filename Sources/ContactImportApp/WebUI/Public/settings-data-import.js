// Settings › Data Import: IMPORT CONTACTS and the Import History (newest first, the row a notification or an email
// link points at highlighted, results files), refreshed while an import is processing or being undone. An email link
// puts its own card (the results file on offer) above the history. Each completed (or expired, or undone) import offers
// Import again with these settings: the wizard opens to take that import's settings for the next file. A completed
// import whose results file is kept offers Undo (SPEC §12): its dialog counts first, then the row follows the undo to
// Undone, with what it did and its undo file. A failed import (a full disk, a server error) says why and, while its file
// and progress are kept, offers Start again: the job carries on after its last committed row, and the row follows it.

import { api, ws } from './api.js';
import { formatDate, h, main, message, tagList } from './dom.js';
import { refreshNotifications } from './notifications.js';
import { every, isManager, state } from './state.js';
import { confirmUndo } from './undo-import.js';
import { startWizardLike, wizard } from './wizard-state.js';

const HISTORY_STATUSES = {
  processing: 'Processing', completed: 'Completed', failed: 'Failed', expired: 'Expired', undoing: 'Undoing…', undone: 'Undone',
};
// The states in which an import holds the workspace's job slot: the history refreshes while one is shown.
const RUNNING = ['processing', 'undoing'];

const HEADINGS = ['Date Imported', 'File Name', 'Uploaded By', 'New Contacts', 'Updated Contacts', 'Error Count', 'Tags Added', 'Import Status', 'Results File', 'Actions'];

const percent = (progress) => (progress?.total ? ` ${Math.floor((progress.done / progress.total) * 100)}%` : '');

// top: a card shown above the Import History, or null.
export async function renderDataImport(highlightId, top = null) {
  const tableArea = h('div', { id: 'history-area', 'aria-live': 'polite' }, h('p', { text: 'Loading…' }));
  // Why a Start again was refused (another job running, the import kept no longer), by import: said in its row, under
  // its button, until it is asked again (the table is drawn anew on each refresh).
  const refusals = new Map();
  main().replaceChildren(
    h('div', { class: 'spread' }, h('h1', { text: 'Settings › Data Import' }),
      h('button', { type: 'button', class: 'primary', id: 'import-contacts-button', text: 'IMPORT CONTACTS', onclick: () => { location.hash = '#/import'; } })),
    ...(top ? [top] : []),
    h('section', { class: 'card', 'aria-labelledby': 'history-heading' },
      h('h2', { id: 'history-heading', text: 'Import History' }),
      h('p', { class: 'hint', text: 'Results files can be downloaded for 7 days after an import completes. They have two extra columns: Import Status and Errors. While its results file is kept, an import can be undone. A failed import can be started again for 7 days: it carries on from the row where it stopped.' }),
      tableArea));
  let timer = null;
  let wasRunning = false;
  // Shows the history again; true while an import in it is running.
  const load = async () => {
    let imports;
    try { imports = (await api('GET', ws('/imports'))).imports; } catch (e) { tableArea.replaceChildren(message('error', e.message)); return; }
    const jobs = imports.filter((i) => HISTORY_STATUSES[i.status]);
    if (jobs.length === 0) { tableArea.replaceChildren(h('p', { text: 'No imports yet.' })); return false; }
    const table = h('table', { id: 'history-table' },
      h('caption', { class: 'visually-hidden', text: 'Import History, newest first' }),
      h('thead', {}, h('tr', {}, HEADINGS.map((t) => h('th', { scope: 'col', text: t })))),
      // On a phone each row is a block, each cell labelled with its heading (data-label).
      h('tbody', {}, jobs.map((i) => h('tr', { 'data-import-id': String(i.id), class: i.id === highlightId ? 'highlight' : '' },
        [
          h('td', { text: formatDate(i.startedAt || i.createdAt) }),
          h('td', { text: i.fileName }),
          h('td', { text: i.uploadedBy?.email || '' }),
          h('td', { class: 'num', text: i.summary?.imported ?? '' }),
          h('td', { class: 'num', text: i.summary?.updated ?? '' }),
          h('td', { class: 'num', text: i.summary?.errors ?? '' }),
          h('td', {}, tagList(i.tagsAdded)),
          h('td', {}, statusCell(i)),
          h('td', {}, filesCell(i)),
          h('td', {}, actionsCell(i, { undo, startAgain, refusal: refusals.get(i.id) })),
        ].map((td, n) => { td.setAttribute('data-label', HEADINGS[n]); return td; })))));
    // The table is drawn anew on each refresh: the control that had the focus keeps it.
    const focused = tableArea.contains(document.activeElement) ? document.activeElement.getAttribute('data-focus') : null;
    tableArea.replaceChildren(h('div', { class: 'table-wrap' }, table));
    if (focused) tableArea.querySelector(`[data-focus="${focused}"]`)?.focus();
    else if (highlightId && !top && !timer) document.querySelector(`tr[data-import-id="${highlightId}"]`)?.scrollIntoView({ block: 'center' });
    return jobs.some((i) => RUNNING.includes(i.status));
  };
  // Loads the history and, while an import in it runs, keeps refreshing it; when one ends, the bell catches up.
  const follow = async () => {
    if (!tableArea.isConnected) return;
    const running = await load();
    if (wasRunning && running === false) refreshNotifications();
    if (running !== undefined) wasRunning = running;
    if (running && timer === null) timer = every(2000, follow);
    else if (!running && running !== undefined && timer !== null) { clearInterval(timer); state.timers.delete(timer); timer = null; }
  };
  // Undo asked from a row: once started, the row says Undoing… and the history follows it. Not started (canceled or
  // refused), the history is read again all the same (another user may have undone it) and the focus goes back to the
  // row's Undo, or to its status when there is none any more.
  const undo = async (job) => {
    const started = await confirmUndo(job);
    if (started) wasRunning = true; // the bell catches up even when the undo has ended by the next load
    await follow();
    const back = started ? null : tableArea.querySelector(`[data-focus="undo-${job.id}"]`);
    (back || tableArea.querySelector(`[data-focus="status-${job.id}"]`))?.focus();
  };
  // Start again asked from a failed import's row: once started, the row says Processing and the history follows it;
  // refused, the reason is said in the row and the focus goes back to the row's Start again (or its status).
  const startAgain = async (job, button) => {
    refusals.delete(job.id);
    button.disabled = true;
    let started = false;
    try {
      await api('POST', ws(`/imports/${job.id}/start`));
      started = true;
      wasRunning = true;
    } catch (e) {
      refusals.set(job.id, `Not started again: ${e.message}`);
    }
    await follow();
    const back = started ? null : tableArea.querySelector(`[data-focus="start-again-${job.id}"]`);
    (back || tableArea.querySelector(`[data-focus="status-${job.id}"]`))?.focus();
  };
  await follow();
}

// The Import Status cell: the status (with the progress of an import or undo that runs), why an import failed, what an
// undo did.
function statusCell(i) {
  const label = HISTORY_STATUSES[i.status] + (i.status === 'processing' ? percent(i.progress) : i.status === 'undoing' ? percent(i.undoProgress) : '');
  const parts = [h('span', { class: `status status-${i.status}`, tabindex: '-1', 'data-focus': `status-${i.id}`, text: label })];
  if (i.status === 'failed' && i.message) parts.push(h('div', { class: 'hint', text: i.message }));
  if (i.status === 'undoing') {
    const { done = 0, total = 0 } = i.undoProgress || {};
    parts.push(h('progress', { class: 'row-progress', max: String(total || 1), value: String(done), 'aria-label': `Undo of ${i.fileName}` }));
  }
  if (i.status === 'undone' && i.undoSummary) {
    const s = i.undoSummary;
    const said = [`${Number(s.deleted || 0).toLocaleString()} deleted`, `${Number(s.restored || 0).toLocaleString()} restored`, `${Number(s.kept || 0).toLocaleString()} kept`];
    parts.push(h('div', { class: 'hint undo-summary' }, said.flatMap((part, n) => [n ? ', ' : null, h('span', { text: part })])));
  }
  return parts;
}

// The Actions cell: Import again with these settings for a completed, expired or undone import; Undo for a completed
// one whose results file is kept; Start again for a failed one while it can be (owners and managers only: the API
// refuses agents), with why it was refused when it was.
function actionsCell(i, { undo, startAgain, refusal }) {
  const actions = [];
  if (i.status === 'failed' && i.startAgainUntil && isManager()) {
    const said = refusal ? message('error', refusal) : null;
    if (said) { said.id = `start-again-problem-${i.id}`; said.classList.add('start-again-problem'); }
    const button = h('button', { type: 'button', class: 'primary small start-again', 'data-import-id': String(i.id), 'data-focus': `start-again-${i.id}`, onclick: () => startAgain(i, button) },
      'Start again', h('span', { class: 'visually-hidden', text: ` import of ${i.fileName}` }));
    if (said) button.setAttribute('aria-describedby', said.id);
    actions.push(button, said);
  } else if (refusal) {
    // Refused, and not offered any more (its time ran out and the history, read again, says so): the reason stays.
    const said = message('error', refusal);
    said.id = `start-again-problem-${i.id}`;
    said.classList.add('start-again-problem');
    actions.push(said);
  }
  if (['completed', 'expired', 'undone'].includes(i.status)) {
    actions.push(h('button', { type: 'button', class: 'link-button import-again', 'data-import-id': String(i.id), 'data-focus': `again-${i.id}`, onclick: () => importAgain(i) },
      'Import again with these settings', h('span', { class: 'visually-hidden', text: ` (${i.fileName})` })));
  }
  if (i.status === 'completed' && i.resultsFileAvailable && isManager()) {
    actions.push(h('button', { type: 'button', class: 'danger small undo-import', 'data-import-id': String(i.id), 'data-focus': `undo-${i.id}`, onclick: () => undo(i) },
      'Undo', h('span', { class: 'visually-hidden', text: ` import of ${i.fileName}` })));
  }
  return actions.length ? h('div', { class: 'history-actions' }, actions) : null;
}

// The Results File cell: the results file while it is kept and, once undone, the undo file.
function filesCell(i) {
  const links = [];
  if (i.resultsFileAvailable) {
    links.push(h('a', { href: `/api/v1${ws(`/imports/${i.id}/results-file`)}`, download: '', class: 'results-link', 'data-focus': `results-${i.id}`, text: 'Download' },
      h('span', { class: 'visually-hidden', text: ` results of ${i.fileName}` })));
  }
  if (i.undoFileAvailable) {
    links.push(h('a', { href: `/api/v1${ws(`/imports/${i.id}/undo-file`)}`, download: '', class: 'undo-file-link', 'data-focus': `undo-file-${i.id}`, text: 'Undo file' },
      h('span', { class: 'visually-hidden', text: ` of ${i.fileName}` })));
  }
  if (links.length === 0) return h('span', { class: 'hint', text: ['expired', 'undone'].includes(i.status) ? 'No longer available' : '—' });
  return links.map((link) => h('div', {}, link));
}

// Opens the wizard to take an earlier import's settings; a draft left in the wizard is canceled first.
function importAgain(earlier) {
  if (wizard?.upload && !wizard.started && ['draft', 'review'].includes(wizard.upload.status)) {
    api('DELETE', ws(`/imports/${wizard.upload.id}`)).catch(() => {});
  }
  startWizardLike({ id: earlier.id, fileName: earlier.fileName, date: earlier.startedAt || earlier.createdAt });
  location.hash = '#/import';
}
