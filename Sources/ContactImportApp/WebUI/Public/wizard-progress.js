// The started import's progress in Part 3: polls the job until it ends, then its summary (with the phones rewritten
// to E.164, under that setting) and results file.

import { api, ws } from './api.js';
import { h, message } from './dom.js';
import { refreshNotifications } from './notifications.js';
import { phonesRewrittenLine } from './phone-numbers.js';
import { every, state } from './state.js';
import { wizard } from './wizard-state.js';

export function followJob(id, area) {
  const bar = h('progress', { id: 'job-progress', max: '100', value: '0', tabindex: '-1', 'aria-label': 'Import progress' });
  const label = h('p', { id: 'job-progress-text', text: 'Starting…' });
  area.replaceChildren(h('div', { class: 'card' }, h('h2', { text: 'Import progress' }), bar, label));
  const poll = async () => {
    let job;
    try { job = await api('GET', ws(`/imports/${id}`)); } catch { return; }
    const total = job.progress?.total || 0;
    const done = job.progress?.done || 0;
    const percent = total ? Math.floor((done / total) * 100) : 0;
    bar.value = percent;
    label.textContent = `${done.toLocaleString()} of ${total.toLocaleString()} rows (${percent}%)`;
    if (job.status === 'processing') return;
    clearInterval(timer);
    state.timers.delete(timer);
    wizard.finished = true;
    const s = job.summary || {};
    if (job.status === 'completed') {
      bar.value = 100;
      label.textContent = `${total.toLocaleString()} of ${total.toLocaleString()} rows (100%)`;
      area.append(h('div', { class: 'card', id: 'job-done' },
        message('success', `Import completed: ${s.imported} added, ${s.updated} updated, ${s.skipped} skipped, ${s.errors} with errors.`),
        phonesRewrittenLine(s, 'job-phones-normalized'),
        h('p', {}, h('a', { class: 'button', id: 'download-results', href: `/api/v1${ws(`/imports/${id}/results-file`)}`, download: '', text: 'Download results file' }),
          ' ', h('a', { href: `#/settings/data-import/${id}`, text: 'Open Import History' }),
          ' ', h('a', { href: '#/contacts', text: 'See contacts' }))));
    } else {
      area.append(message('error', job.message || `The import ended as ${job.status}.`));
    }
    refreshNotifications();
  };
  const timer = every(700, poll);
  poll();
}
