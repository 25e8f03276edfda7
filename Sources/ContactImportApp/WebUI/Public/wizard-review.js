// Part 3 of the import wizard: the review's four counts (and, under E.164, how many phones are rewritten) and error
// file, IMPORT (with its confirmation dialog), Upload a corrected file (it replaces the file of this same import, which
// keeps its settings for the headers the file still has, and takes the user back to the mapping with the server's
// warnings), and the "Session expired" page when the review's hour has passed.

import { api, ws } from './api.js';
import { $, h, message } from './dom.js';
import { refreshNotifications } from './notifications.js';
import { phonesRewrittenLine } from './phone-numbers.js';
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
  const s = wizard.review.summary;
  const counts = h('div', { class: 'counts', id: 'review-counts' },
    [['imported', 'To be added', s.imported], ['updated', 'To be updated', s.updated], ['skipped', 'To be skipped', s.skipped], ['errors', 'Rows with errors', s.errors]]
      .map(([key, label, n]) => h('div', { class: `count ${key}`, id: `count-${key}` }, h('strong', { text: n.toLocaleString() }), label)));
  const jobArea = h('section', { id: 'job-area', 'aria-live': 'polite' });
  const errorInfo = s.errors > 0
    ? h('div', {},
      message('warn', 'Rows with errors will not be imported. Download the error file: it holds those rows with an “Error” column describing what to fix. Resolve the errors and upload the corrected file: it keeps this import’s settings (purpose, identifier, tags and the mapping of every column it still has), for you to check before reviewing it again. Or go back to reconfigure the import.'),
      h('p', {}, h('a', { class: 'button', id: 'download-error-file', href: `/api/v1${ws(`/imports/${id}/error-file`)}`, download: '', text: 'Download error file' })))
    : message('success', 'No errors found. Click IMPORT to proceed.');
  const expires = wizard.review.reviewExpiresAt ? new Date(wizard.review.reviewExpiresAt) : null;
  const expiryNote = h('p', { class: 'hint', id: 'review-expiry', hidden: wizard.started, text: expires ? `Start the import within 1 hour of the review (by ${expires.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}); after that it is canceled and you need to start again.` : '' });
  const importButton = h('button', { type: 'button', class: 'primary', id: 'start-import', text: 'IMPORT', disabled: wizard.started });
  const back = h('button', { type: 'button', id: 'part3-back', text: 'BACK', disabled: wizard.started, onclick: () => goToPart(2) });
  const correctedInput = h('input', { type: 'file', id: 'corrected-file-input', accept: '.csv,text/csv', class: 'visually-hidden', tabindex: '-1', 'aria-label': 'Corrected CSV file' });
  const restart = h('button', { type: 'button', id: 'upload-corrected', text: 'Upload a corrected file', disabled: wizard.started, onclick: () => correctedInput.click() });
  const correctedStatus = h('div', { id: 'corrected-status', 'aria-live': 'polite' });
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
    back.disabled = true;
    restart.disabled = true;
    showStartedDialog();
    followJob(id, jobArea);
  });
  body.replaceChildren(
    h('section', { class: 'card', 'aria-labelledby': 'review-heading' },
      h('h2', { id: 'review-heading', text: 'Review' }),
      h('p', { text: `${wizard.upload.fileName}: ${PURPOSES.find((p) => p.id === wizard.purpose).title}.` }),
      counts, phonesRewrittenLine(s, 'review-phones-normalized'), errorInfo, expiryNote),
    jobArea,
    correctedStatus,
    h('div', { class: 'actions' }, back, restart, correctedInput, importButton));
  if (expires && !wizard.started) {
    const timer = every(5000, () => {
      // Another part on show (BACK, a corrected file) ends this review's watch; a new review starts its own.
      if (!body.isConnected) { clearInterval(timer); state.timers.delete(timer); return; }
      if (Date.now() > expires.getTime() && !wizard.started) showSessionExpired(body);
    });
  }
  if (wizard.started) followJob(id, jobArea);
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
