// Part 3 of the import wizard: the review's four counts, also as one proportional bar (and, under E.164, how many
// phones are rewritten) and error file; above IMPORT, what the updates will overwrite (values replaced or cleared, tags
// removed: summary.valuesReplaced, valuesCleared and tagsRemoved, present only when one is not 0); the rows in error fixed in the browser (review-fix.js: each correction answers
// the new counts, groups and expiry, drawn here at once, for IMPORT and all); IMPORT (with its confirmation dialog),
// Upload a corrected file (it replaces the file of this same import, which keeps its settings for the headers the file
// still has, and takes the user back to the mapping with the server's warnings), and the "Session expired" page when
// the review's hour has passed (each correction restarts that hour).

import { api, ws } from './api.js';
import { $, h, message } from './dom.js';
import { refreshNotifications } from './notifications.js';
import { phonesRewrittenLine } from './phone-numbers.js';
import { reviewFixer } from './review-fix.js';
import { every, state, stopTimers } from './state.js';
import { goToPart, renderWizard } from './wizard.js';
import { followJob } from './wizard-progress.js';
import { PURPOSES, forgetWizard, wizard } from './wizard-state.js';
import { fileProblem, loadImport, uploadFailure } from './wizard-upload.js';

export async function renderPart3(body) {
  const id = wizard.upload.id;
  if (!wizard.review && !wizard.started) {
    body.replaceChildren(h('section', { class: 'card' }, h('p', { id: 'validating', text: 'The import file is being validated. Larger files take longer…' }), h('progress', { 'aria-label': 'Validating' })));
    try {
      wizard.review = await api('POST', ws(`/imports/${id}/review`));
    } catch (e) {
      body.replaceChildren(message('error', e.message), h('div', { class: 'actions' }, h('button', { type: 'button', text: 'BACK', onclick: () => goToPart(2) })));
      return;
    }
  }
  const counts = h('div', { class: 'counts', id: 'review-counts' },
    COUNTS.map(([key, label]) => h('div', { class: `count ${key}`, id: `count-${key}` }, h('strong'), label)));
  const bar = h('div', { class: 'review-bar', id: 'review-bar', role: 'img' });
  const phones = h('div', { id: 'review-phones' });
  const outcome = h('div', { id: 'review-outcome' });
  const expiryNote = h('p', { class: 'hint', id: 'review-expiry', hidden: wizard.started });
  let expires = null;
  const jobArea = h('section', { id: 'job-area', 'aria-live': 'polite' });
  const importButton = h('button', { type: 'button', class: 'primary', id: 'start-import', text: 'IMPORT', disabled: wizard.started });
  const back = h('button', { type: 'button', id: 'part3-back', text: 'BACK', disabled: wizard.started, onclick: () => goToPart(2) });
  const correctedInput = h('input', { type: 'file', id: 'corrected-file-input', accept: '.csv,text/csv', class: 'visually-hidden', tabindex: '-1', 'aria-label': 'Corrected CSV file' });
  const restart = h('button', { type: 'button', id: 'upload-corrected', text: 'Upload a corrected file', disabled: wizard.started, onclick: () => correctedInput.click() });
  const correctedStatus = h('div', { id: 'corrected-status', 'aria-live': 'polite' });
  const overwrites = h('div', { id: 'review-overwrites', hidden: wizard.started });
  correctedInput.addEventListener('change', async () => {
    const file = correctedInput.files[0];
    correctedInput.value = '';
    if (!file) return;
    const problem = fileProblem(file);
    if (problem) { correctedStatus.replaceChildren(message('error', problem)); return; }
    for (const button of [back, restart, importButton]) button.disabled = true;
    correctedStatus.replaceChildren(message('info', `Uploading ${file.name}…`));
    let upload;
    try {
      upload = await api('PUT', ws(`/imports/${id}/file?fileName=${encodeURIComponent(file.name)}`), file);
    } catch (e) {
      correctedStatus.replaceChildren(message('error', uploadFailure(e)));
      for (const button of [back, restart, importButton]) button.disabled = false;
      return;
    }
    // The same import, a draft again: its review (and error file) is gone, so the mapping is checked and reviewed anew.
    const replaced = wizard.upload.fileName;
    wizard.file = file;
    loadImport(upload, replaced);
    wizard.correctedFrom = replaced;
    goToPart(2);
  });
  // A correction in flight holds the buttons that would leave the review or start it.
  const setBusy = (flag) => { for (const button of [back, restart, importButton]) button.disabled = flag || wizard.started; };
  const fixer = wizard.review.summary.errors > 0 && !wizard.started
    ? reviewFixer({
      importId: id, columns: wizard.upload.columns, phoneColumn: phoneColumn(), review: wizard.review,
      onAnswer: (answer) => {
        Object.assign(wizard.review, { summary: answer.summary, errorGroups: answer.errorGroups, reviewExpiresAt: answer.reviewExpiresAt, correctedRows: answer.correctedRows });
        show();
      },
      onExpired: () => showSessionExpired(body),
      setBusy,
    })
    : null;
  // Draws the review's counts, bar, error note and expiry as they stand now.
  function show() {
    const s = wizard.review.summary;
    for (const [key] of COUNTS) counts.querySelector(`#count-${key} strong`).textContent = s[key].toLocaleString();
    drawBar(bar, s);
    phones.replaceChildren(...[phonesRewrittenLine(s, 'review-phones-normalized')].filter(Boolean));
    outcome.replaceChildren(s.errors > 0
      ? h('div', {},
        message('warn', `Rows with errors will not be imported.${fixer ? ' Fix them below, in the browser, or download' : ' Download'} the error file: it holds those rows with an “Error” column describing what to fix. Resolve the errors and upload the corrected file: it keeps this import’s settings (purpose, identifier, tags and the mapping of every column it still has), for you to check before reviewing it again. Or go back to reconfigure the import.`),
        h('p', {}, h('a', { class: 'button', id: 'download-error-file', href: `/api/v1${ws(`/imports/${id}/error-file`)}`, download: '', text: 'Download error file' })))
      : message('success', 'No errors found. Click IMPORT to proceed.'));
    expires = wizard.review.reviewExpiresAt ? new Date(wizard.review.reviewExpiresAt) : null;
    expiryNote.textContent = expires ? `Start the import within 1 hour of the review (by ${expires.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}); after that it is canceled and you need to start again.${wizard.review.correctedRows ? ' Each correction restarts the hour.' : ''}` : '';
    overwrites.replaceChildren(...[overwriteNotice(s)].filter(Boolean));
    fixer?.update(wizard.review);
  }
  importButton.addEventListener('click', async () => {
    importButton.disabled = true;
    try {
      await api('POST', ws(`/imports/${id}/start`));
    } catch (e) {
      if (e.code === 'session_expired' || e.status === 410) return showSessionExpired(body);
      jobArea.replaceChildren(message('error', e.code === 'import_in_progress'
        ? 'Only one import job can be in progress at a time. Kindly wait until the import job in progress is completed before starting a new one.'
        : e.message));
      importButton.disabled = false;
      return;
    }
    wizard.started = true;
    expiryNote.hidden = true;
    overwrites.hidden = true;
    back.disabled = true;
    restart.disabled = true;
    fixer?.close();
    showStartedDialog();
    followJob(id, jobArea);
  });
  show();
  body.replaceChildren(
    h('section', { class: 'card', 'aria-labelledby': 'review-heading' },
      h('h2', { id: 'review-heading', text: 'Review' }),
      h('p', { text: `${wizard.upload.fileName}: ${PURPOSES.find((p) => p.id === wizard.purpose).title}.` }),
      counts, bar, phones, outcome, expiryNote),
    ...(fixer ? fixer.elements : []),
    jobArea,
    correctedStatus,
    overwrites,
    h('div', { class: 'actions' }, back, restart, correctedInput, importButton));
  if (expires && !wizard.started) {
    const timer = every(5000, () => {
      // Another part on show (BACK, a corrected file) ends this review's watch; a new review starts its own.
      if (!body.isConnected) { clearInterval(timer); state.timers.delete(timer); return; }
      if (expires && Date.now() > expires.getTime() && !wizard.started) showSessionExpired(body);
    });
  }
  if (wizard.started) followJob(id, jobArea);
}

const COUNTS = [['imported', 'To be added'], ['updated', 'To be updated'], ['skipped', 'To be skipped'], ['errors', 'Rows with errors']];

// The four counts as one horizontal bar, each segment as wide as its share of the rows; read out as one sentence.
function drawBar(bar, s) {
  const total = COUNTS.reduce((n, [key]) => n + (s[key] || 0), 0);
  bar.setAttribute('aria-label', `Of ${total.toLocaleString()} rows: ${COUNTS.map(([key, label]) => `${label.toLowerCase()} ${(s[key] || 0).toLocaleString()}`).join(', ')}.`);
  bar.replaceChildren(...COUNTS.filter(([key]) => s[key] > 0).map(([key, label]) => {
    const segment = h('span', { class: `segment ${key}`, 'data-count': key, title: `${label}: ${s[key].toLocaleString()}` });
    segment.style.flexGrow = String(s[key]); // CSSOM, which the page's Content-Security-Policy allows (unlike style="")
    return segment;
  }));
}

// "This import will overwrite: 1,204 contacts will have a value replaced, 37 a value cleared, 12 will lose tags." with
// only the counts that are not 0, or null when the updates overwrite nothing (SPEC §5.5).
function overwriteNotice(s) {
  const contacts = (n) => `${n.toLocaleString()} ${n === 1 ? 'contact' : 'contacts'}`;
  const parts = [];
  if (s.valuesReplaced > 0) parts.push(`${contacts(s.valuesReplaced)} will have a value replaced`);
  if (s.valuesCleared > 0) {
    parts.push(parts.length ? `${s.valuesCleared.toLocaleString()} a value cleared` : `${contacts(s.valuesCleared)} will have a value cleared`);
  }
  if (s.tagsRemoved > 0) {
    parts.push(parts.length ? `${s.tagsRemoved.toLocaleString()} will lose tags` : `${contacts(s.tagsRemoved)} will lose tags`);
  }
  if (!parts.length) return null;
  const notice = message('warn', `This import will overwrite: ${parts.join(', ')}.`);
  notice.id = 'overwrite-notice';
  return h('div', {}, notice,
    h('p', { class: 'hint', text: 'To keep the stored values and tags instead, go BACK and tick Do Not Overwrite for those columns: then the file only fills empty fields and adds tags.' }));
}

// The file column mapped to Phone Number, or null.
function phoneColumn() {
  const found = Object.entries(wizard.mapping).find(([, m]) => m.selected && m.field === 'phone');
  return found ? Number(found[0]) : null;
}

function showSessionExpired(body) {
  stopTimers();
  every(15000, refreshNotifications);
  body.replaceChildren(h('section', { class: 'card', id: 'session-expired' },
    h('h2', { text: 'Session expired' }),
    message('error', 'You have a 1-hour window to start an import after its review. This import was not started in time, so it was canceled automatically. Please start the import process again.'),
    h('button', { type: 'button', class: 'primary', text: 'Start again', onclick: () => { forgetWizard(); renderWizard(); } })));
}

function showStartedDialog() {
  const dialog = h('dialog', { id: 'started-dialog', 'aria-labelledby': 'started-title' },
    h('h2', { id: 'started-title', text: 'Import started' }),
    h('p', { text: 'Your contacts are being imported. You will be notified in the notification centre (and by email, when configured) when the import job has been completed. You can follow its progress here or in Settings › Data Import.' }),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', id: 'started-ok', text: 'OK', onclick: () => dialog.close() })));
  dialog.addEventListener('close', () => { dialog.remove(); $('#job-progress')?.focus(); });
  document.body.append(dialog);
  dialog.showModal();
}
