// The import's own link (#/workspaces/{ws}/imports/{id}), the one the import-finished email carries: signed out, the
// sign-in form remembers it and comes back; then it moves to that workspace and shows Settings › Data Import with the
// import highlighted and, above it, its results file on offer — or why not (expired, failed, not finished, undone,
// not a manager there, no such import in the user's workspaces).

import { api, ws } from './api.js';
import { formatDate, h, main, message } from './dom.js';
import { phonesRewrittenLine } from './phone-numbers.js';
import { renderDataImport } from './settings-data-import.js';
import { isManager, state } from './state.js';
import { showWorkspace } from './workspace.js';

const NO_SUCH_IMPORT = 'There is no such import in your workspaces.';

export async function renderImportLink(workspaceId, importId) {
  const membership = state.session.workspaces.find((w) => w.id === workspaceId);
  if (!membership) { renderNotOffered(NO_SUCH_IMPORT); return; }
  if (workspaceId !== state.workspaceId) showWorkspace(workspaceId);
  if (!isManager()) {
    renderNotOffered(`Only owners and managers of ${membership.name} can open its imports and their results files.`);
    return;
  }
  main().replaceChildren(h('p', { class: 'loading', text: 'Loading…' }));
  let job;
  try {
    job = await api('GET', ws(`/imports/${importId}`));
  } catch (e) {
    if (!stillShowing(workspaceId, importId)) return;
    renderNotOffered(e.status === 404 ? NO_SUCH_IMPORT : e.message);
    return;
  }
  if (!stillShowing(workspaceId, importId)) return;
  await renderDataImport(importId, offerCard(job));
}

// The route may have moved on while the import loaded.
const stillShowing = (workspaceId, importId) => location.hash === `#/workspaces/${workspaceId}/imports/${importId}`;

function offerCard(job) {
  const file = `“${job.fileName}”`;
  const s = job.summary || {};
  let body;
  if (job.status === 'completed' && job.resultsFileAvailable) {
    body = [
      h('h2', { id: 'import-offer-heading' }, `Import of ${file} completed — `,
        h('a', { href: `/api/v1${ws(`/imports/${job.id}/results-file`)}`, download: '', id: 'offer-download', text: 'Download results file' })),
      h('p', { text: `${s.imported ?? 0} added, ${s.updated ?? 0} updated, ${s.skipped ?? 0} skipped, ${s.errors ?? 0} with errors.` }),
      phonesRewrittenLine(s, 'offer-phones-normalized'),
      job.resultsAvailableUntil ? h('p', { class: 'hint', text: `The results file can be downloaded until ${formatDate(job.resultsAvailableUntil)}.` }) : null,
    ];
  } else if (job.status === 'completed' || job.status === 'expired') {
    body = [h('h2', { id: 'import-offer-heading', text: `Import of ${file}` }),
      message('info', 'Its results file has expired and is no longer available: results files are kept for a limited time after an import completes.')];
  } else if (job.status === 'failed') {
    body = [h('h2', { id: 'import-offer-heading', text: `Import of ${file} failed` }),
      message('error', job.message || 'The import failed, so it has no results file.')];
  } else if (job.status === 'processing') {
    const percent = job.progress?.total ? Math.floor((job.progress.done / job.progress.total) * 100) : 0;
    body = [h('h2', { id: 'import-offer-heading', text: `Import of ${file} in progress` }),
      message('info', `It is ${percent}% done. Its results file is offered in the Import History below once it completes.`)];
  } else if (job.status === 'undoing') {
    const percent = job.undoProgress?.total ? Math.floor((job.undoProgress.done / job.undoProgress.total) * 100) : 0;
    body = [h('h2', { id: 'import-offer-heading', text: `Import of ${file} being undone` }),
      message('info', `The undo is ${percent}% done. Its undo file is offered in the Import History below once it ends.`)];
  } else if (job.status === 'undone') {
    const u = job.undoSummary || {};
    body = [h('h2', { id: 'import-offer-heading' }, `Import of ${file} undone`,
      job.undoFileAvailable ? [' — ', h('a', { href: `/api/v1${ws(`/imports/${job.id}/undo-file`)}`, download: '', id: 'offer-undo-file', text: 'Download undo file' })] : null),
      h('p', { text: `${u.deleted ?? 0} deleted, ${u.restored ?? 0} restored, ${u.kept ?? 0} kept (changed after the import, or already deleted).` }),
      job.undoFileAvailable && job.resultsAvailableUntil
        ? h('p', { class: 'hint', text: `The undo file and the import's results file can be downloaded until ${formatDate(job.resultsAvailableUntil)}.` })
        : null,
      job.undoFileAvailable ? null : message('info', 'Its undo file has expired and is no longer available.')];
  } else {
    body = [h('h2', { id: 'import-offer-heading', text: `Import of ${file}` }),
      message('info', job.message || 'This import was not started, so it has no results file.')];
  }
  return h('section', { class: 'card offer', id: 'import-offer', 'aria-labelledby': 'import-offer-heading' }, body);
}

function renderNotOffered(text) {
  main().replaceChildren(h('div', { class: 'card', id: 'import-offer' },
    h('h1', { text: 'Import' }),
    message('info', text),
    h('a', { href: '#/contacts', text: 'Back to Contacts' })));
}
