// Settings › Workspace under E.164 (owners and managers): rewriting the phone numbers stored before the setting was
// turned on, which the setting alone does not change. First the dry count (nothing written), then, confirmed, the
// job in the workspace's one job slot, followed every second to its four counts and results file. The section opens
// on the latest rewrite: its progress while it runs, its counts and results file once completed, why it failed.

import { api, ws } from './api.js';
import { confirmDialog, formatDate, h, message } from './dom.js';
import { count, countryLabel } from './phone-numbers.js';
import { every, isManager, state } from './state.js';

// The section's latest rendering: an answer that arrives for an earlier one (settings saved again) is dropped.
let rendering = 0;
let pollTimer = null;

function stopPolling() {
  if (pollTimer === null) return;
  clearInterval(pollTimer);
  state.timers.delete(pollTimer);
  pollTimer = null;
}

// Shows the section in area for these settings, or nothing unless the workspace is set to E.164 and the user is an
// owner or a manager.
export async function renderPhoneCleanUp(area, settings, countries) {
  const current = ++rendering;
  stopPolling();
  if (settings.phoneNumbers !== 'e164' || !isManager()) { area.replaceChildren(); return; }
  const body = h('div', { id: 'phone-cleanup-body' }, h('p', { text: 'Loading…' }));
  area.replaceChildren(h('section', { class: 'card', id: 'phone-cleanup', 'aria-labelledby': 'phone-cleanup-heading' },
    h('h2', { id: 'phone-cleanup-heading', text: 'Rewrite stored phone numbers' }),
    h('p', {}, 'Turning E.164 on changes the phone numbers written from now on; it does not change the contacts already stored. ',
      'Rewrite their numbers to E.164, reading national numbers as ', h('strong', { text: countryLabel(countries, settings.defaultCountry) }),
      ', so that imports match them. A number that is not valid, or that another contact already has, is kept as it is.'),
    h('p', { class: 'hint', text: 'The rewrite runs in the background and takes the workspace’s job slot: no import can start until it ends. Its results file lists every contact’s old and new number.' }),
    body));
  const view = { body, countries, live: () => current === rendering };
  let latest = null;
  try {
    latest = (await api('GET', ws('/phone-normalization'))).jobs[0] || null;
  } catch (e) {
    if (view.live()) body.replaceChildren(message('error', e.message), countStep(view));
    return;
  }
  if (!view.live()) return;
  if (latest?.status === 'processing') follow(view, latest.id);
  else body.replaceChildren(latest ? lastJob(latest, view) : h('p', { id: 'phone-cleanup-none', text: 'No rewrite has run in this workspace yet.' }), countStep(view));
}

// The four counts on one line: the dry count's ("will change") or a finished rewrite's ("changed").
function countsLine(summary, done, id) {
  const parts = [
    ['changed', `${count(summary.changed, 'number', 'numbers')} ${done ? 'changed' : 'will change'} to E.164`],
    ['unchanged', `${Number(summary.unchanged || 0).toLocaleString()} already E.164`],
    ['notValid', `${Number(summary.notValid || 0).toLocaleString()} not valid (kept as ${summary.notValid === 1 ? 'it is' : 'they are'})`],
    ['conflicts', `${count(summary.conflicts, 'conflict', 'conflicts')} (kept: another contact has the number)`],
  ];
  return h('p', { class: 'count-line', id }, parts.flatMap(([key, text], i) =>
    [i ? ' · ' : null, h('span', { 'data-count': key, 'data-value': String(summary[key] || 0), text })]));
}

// "Count numbers to rewrite" and, below it, the count and the rewrite it offers.
function countStep(view) {
  const result = h('div', { id: 'phone-count-result', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', id: 'count-phones', text: 'Count numbers to rewrite' });
  button.addEventListener('click', async () => {
    button.disabled = true;
    result.replaceChildren(h('p', { id: 'phone-counting', text: 'Counting the stored numbers (nothing is changed)… A large workspace takes a few seconds.' }),
      h('progress', { 'aria-label': 'Counting' }));
    let preview;
    try {
      preview = await api('GET', ws('/phone-normalization/preview'));
    } catch (e) {
      if (view.live()) result.replaceChildren(message('error', e.message));
      button.disabled = false;
      return;
    }
    if (!view.live()) return;
    button.disabled = false;
    button.textContent = 'Count again';
    const s = preview.summary;
    if (!s.changed) {
      result.replaceChildren(countsLine(s, false, 'phone-dry-count'),
        message('info', 'No stored number needs rewriting: every valid number is in E.164 already.'));
      return;
    }
    const rewrite = h('button', { type: 'button', class: 'primary', id: 'rewrite-phones', text: `Rewrite ${count(s.changed, 'number', 'numbers')}` });
    const status = h('div', { id: 'phone-rewrite-status', 'aria-live': 'polite' });
    rewrite.addEventListener('click', () => startRewrite(view, s, rewrite, status));
    result.replaceChildren(countsLine(s, false, 'phone-dry-count'),
      h('p', { class: 'hint', text: `Counted just now with the default country ${countryLabel(view.countries, preview.defaultCountry)}; nothing has been written yet. The rewrite counts again as it goes.` }),
      status, h('div', { class: 'actions start' }, rewrite));
    rewrite.focus();
  });
  return h('div', { id: 'phone-count-step' }, h('div', { class: 'actions start' }, button), result);
}

async function startRewrite(view, summary, button, status) {
  status.replaceChildren();
  const numbers = count(summary.changed, 'stored phone number', 'stored phone numbers');
  if (!(await confirmDialog(`Rewrite ${numbers} to E.164? The contacts change at once; the results file lists every old and new number.`,
    `Rewrite ${count(summary.changed, 'number', 'numbers')}`))) { button.focus(); return; }
  button.disabled = true;
  let started;
  try {
    started = await api('POST', ws('/phone-normalization'));
  } catch (e) {
    // 409 import_in_progress: an import or another rewrite holds the job slot; the server's sentence says so.
    if (view.live()) status.append(message('error', e.message));
    button.disabled = false;
    return;
  }
  if (view.live()) follow(view, started.id);
}

// The running rewrite's progress, polled every second until it ends; then its result and another count.
function follow(view, id) {
  stopPolling();
  const bar = h('progress', { id: 'phone-rewrite-progress', max: '100', value: '0', tabindex: '-1', 'aria-label': 'Rewrite progress' });
  const label = h('p', { id: 'phone-rewrite-progress-text', text: 'Starting…' });
  view.body.replaceChildren(h('div', { id: 'phone-rewrite-running', 'aria-live': 'polite' }, h('h3', { text: 'Rewriting phone numbers…' }), bar, label));
  bar.focus();
  let polling = false;
  const poll = async () => {
    if (polling) return;
    polling = true;
    let job;
    try { job = await api('GET', ws(`/phone-normalization/${id}`)); } catch { polling = false; return; }
    polling = false;
    if (!view.live()) return;
    const total = job.progress?.total || 0;
    const done = job.progress?.done || 0;
    const percent = total ? Math.floor((done / total) * 100) : 0;
    bar.value = percent;
    label.textContent = `${done.toLocaleString()} of ${count(total, 'contact', 'contacts')} (${percent}%)`;
    if (job.status === 'processing') return;
    stopPolling();
    view.body.replaceChildren(lastJob(job, view), countStep(view));
    document.getElementById('phone-rewrite-result')?.focus();
  };
  pollTimer = every(1000, poll);
  poll();
}

// A finished rewrite: its counts and results file, or why it failed.
function lastJob(job, view) {
  const when = formatDate(job.completedAt || job.createdAt);
  const country = countryLabel(view.countries, job.defaultCountry);
  let body;
  if (job.status === 'completed' || job.status === 'expired') {
    body = [
      message('success', `Rewrite completed ${when} (default country ${country}).`),
      countsLine(job.summary, true, 'phone-rewrite-counts'),
      job.resultsFileAvailable
        ? h('p', {}, h('a', { class: 'button', id: 'download-phone-results', href: `/api/v1${ws(`/phone-normalization/${job.id}/results-file`)}`, download: '', text: 'Download results file' }),
          job.resultsAvailableUntil ? h('span', { class: 'hint', text: ` Available until ${formatDate(job.resultsAvailableUntil)}.` }) : null)
        : h('p', { class: 'hint', text: 'Its results file has expired and is no longer available.' }),
    ];
  } else {
    const why = (job.message || 'it did not finish').trim();
    body = [message('error', `The rewrite started ${formatDate(job.createdAt)} failed: ${why}${/[.!?]$/.test(why) ? '' : '.'} Count the numbers again to see what is left to rewrite.`)];
  }
  return h('div', { id: 'phone-rewrite-result', class: 'last-rewrite', tabindex: '-1', 'data-status': job.status },
    h('h3', { text: 'Last rewrite' }), body);
}
