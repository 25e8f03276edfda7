// Undo an import (SPEC §12), asked from its row in the Import History: a dialog that first counts what the undo would
// do now (nothing is changed: contacts to delete, to restore, to keep), then, confirmed, starts the undo, a background
// job in the workspace's one job slot that the history follows. A refusal (another job running, the results expired,
// the import not completed) is said in the dialog.

import { api, ws } from './api.js';
import { h, message, nextId } from './dom.js';
import { count } from './phone-numbers.js';

// Opens the dialog for a completed import; resolves true once the undo has started, false when it was not.
export function confirmUndo(job) {
  return new Promise((resolve) => {
    const headingId = nextId('undo-heading');
    const bodyId = nextId('undo-body');
    const body = h('div', { id: bodyId, class: 'undo-body', 'aria-live': 'polite' },
      h('p', { id: 'undo-counting', text: 'Counting what the undo would change (nothing is changed yet)…' }),
      h('progress', { 'aria-label': 'Counting' }));
    const problem = h('div', { id: 'undo-problem' });
    const cancel = h('button', { type: 'submit', value: 'cancel', id: 'undo-cancel', text: 'Cancel' });
    const confirm = h('button', { type: 'button', class: 'primary danger', id: 'undo-confirm', text: 'Undo import', disabled: true });
    const dialog = h('dialog', { id: 'undo-dialog', class: 'undo-dialog', 'aria-labelledby': headingId, 'aria-describedby': bodyId },
      h('form', { method: 'dialog' },
        h('h2', { id: headingId, text: `Undo import of ${job.fileName}?` }),
        body, problem,
        h('div', { class: 'actions' }, cancel, confirm)));
    let started = false;
    let open = true;
    dialog.addEventListener('close', () => { open = false; dialog.remove(); resolve(started); });
    // While the undo is being started, Escape does not close the dialog: its answer says what happened.
    dialog.addEventListener('cancel', (event) => { if (confirm.getAttribute('aria-busy') === 'true') event.preventDefault(); });

    confirm.addEventListener('click', async () => {
      problem.replaceChildren();
      confirm.disabled = true;
      cancel.disabled = true;
      confirm.setAttribute('aria-busy', 'true');
      confirm.textContent = 'Starting the undo…';
      try {
        await api('POST', ws(`/imports/${job.id}/undo`));
      } catch (e) {
        confirm.removeAttribute('aria-busy');
        confirm.textContent = 'Undo import';
        cancel.disabled = false;
        if (!open) return;
        problem.replaceChildren(message('error', refusal(e)));
        // Another job may end soon: the undo can be asked again. Other refusals stand.
        confirm.disabled = e.status !== 409 && e.status !== 0;
        cancel.focus();
        return;
      }
      started = true;
      dialog.close('started');
    });

    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();

    api('GET', ws(`/imports/${job.id}/undo-preview`)).then((preview) => {
      if (!open) return;
      body.replaceChildren(...dryCount(preview));
      confirm.disabled = false;
    }, (e) => {
      if (!open) return;
      body.replaceChildren();
      problem.replaceChildren(message('error', refusal(e)));
    });
  });
}

// The dry count in sentences, the lines with nothing to do left out; each line carries its count for the tests.
function dryCount(preview) {
  const deleted = preview.deleted || 0;
  const restored = preview.restored || 0;
  const kept = preview.kept || 0;
  const keptChanged = preview.keptChanged || 0;
  const keptDeleted = preview.keptDeleted || 0;
  const line = (key, value, text) => h('li', { 'data-count': key, 'data-value': String(value) }, h('strong', { text: count(value, 'contact', 'contacts') }), ` ${text}`);
  let keptText;
  if (keptChanged && keptDeleted) {
    keptText = `will be kept as ${kept === 1 ? 'it is' : 'they are'} and listed in the undo file: ${keptChanged.toLocaleString()} changed since the import, ${keptDeleted.toLocaleString()} already deleted.`;
  } else if (keptDeleted) {
    keptText = `already deleted will be left as ${kept === 1 ? 'it is' : 'they are'} and listed in the undo file.`;
  } else {
    keptText = `changed since the import will be kept as ${kept === 1 ? 'it is' : 'they are'} and listed in the undo file.`;
  }
  const lines = [
    deleted ? line('deleted', deleted, 'it added will be deleted.') : null,
    restored ? line('restored', restored, `it updated will get back ${restored === 1 ? 'its' : 'their'} values and tags from before the import.`) : null,
    kept ? line('kept', kept, keptText) : null,
  ].filter(Boolean);
  return [
    lines.length
      ? h('ul', { id: 'undo-counts', class: 'undo-counts' }, lines)
      : h('p', { id: 'undo-counts', text: 'No contact will change: the import will be marked Undone.' }),
    h('p', { class: 'hint', text: 'Counted just now; the undo counts again as it goes. It runs in the background and no import can start until it ends. It cannot be undone in turn.' }),
  ];
}

// A refusal in words: the server's sentence, or what the status means when it gave none.
function refusal(e) {
  if (e.status === 409) return 'Another import or undo is running in this workspace. Wait until it ends, then try again.';
  if (e.status === 410) return e.message && !e.message.startsWith('The server answered') ? e.message : 'This import can no longer be undone: its results file has expired.';
  return e.message;
}
