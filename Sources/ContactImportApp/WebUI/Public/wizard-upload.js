// Part 1 of the import wizard, its first card: the file requirements, the sample CSV, the drop zone and file picker,
// and uploading the chosen file (checked here for type and size first; a new file replaces the previous upload).
// Each mapped column starts from the server's proposal (its Do Not Overwrite and date format, as remembered from the
// workspace's last import). With Import again with these settings the card says whose settings the upload takes,
// the upload asks for them (like=), and the purpose, identifier, tags and mapping come back configured, with the
// server's warnings shown under the upload's status. Part 3's Upload a corrected file checks its file and loads the
// server's answer the same way (fileProblem, uploadFailure, loadImport).

import { api, ws } from './api.js';
import { $, formatDate, h, message } from './dom.js';
import { renderWizard } from './wizard.js';
import { dropMappedContactId, forgetWizard, wizard } from './wizard-state.js';

const MAX_BYTES = 20 * 1024 * 1024;

// The Upload a CSV file card, with the status of the upload.
export function uploadCard() {
  const fileInputId = 'file-input';
  const input = h('input', { type: 'file', id: fileInputId, accept: '.csv,text/csv', class: 'visually-hidden' });
  const status = h('div', { id: 'upload-status', 'aria-live': 'polite' });
  const dropzone = h('label', { class: 'dropzone', for: fileInputId, id: 'dropzone' },
    h('strong', { text: 'Choose a CSV file' }), ' or drop it here', input);
  input.addEventListener('change', () => { if (input.files[0]) chooseFile(input.files[0]); });
  for (const name of ['dragenter', 'dragover']) dropzone.addEventListener(name, (e) => { e.preventDefault(); dropzone.classList.add('dragover'); });
  for (const name of ['dragleave', 'drop']) dropzone.addEventListener(name, () => dropzone.classList.remove('dragover'));
  dropzone.addEventListener('drop', (e) => {
    e.preventDefault();
    const files = e.dataTransfer?.files;
    if (!files || files.length === 0) return;
    if (files.length > 1) { wizard.uploadError = 'You can only import one file per import.'; renderWizard(); return; }
    chooseFile(files[0]);
  });

  if (wizard.uploading) status.append(message('info', `Uploading ${wizard.file.name}…`));
  else if (wizard.uploadError) status.append(message('error', wizard.uploadError));
  else if (wizard.upload) {
    const empty = wizard.upload.columns.filter((c) => c.empty).length;
    const emptyNote = empty ? `, ${empty} of them empty` : '';
    status.append(message('success', `${wizard.upload.fileName}: ${wizard.upload.rowCount.toLocaleString()} rows, ${wizard.upload.columns.length} columns${emptyNote} (${wizard.upload.encoding}, “${describeDelimiter(wizard.upload.delimiter)}” separated).`));
  }
  const warnings = wizard.upload && !wizard.uploading ? warningList('upload-warnings') : null;
  const likeNotice = wizard.like
    ? h('div', { class: 'message info like-notice', id: 'like-notice', role: 'status' },
      h('span', { text: `Using the settings of ${wizard.like.fileName}${wizard.like.date ? ` (${formatDate(wizard.like.date)})` : ''}. ` }),
      h('button', { type: 'button', class: 'link-button', id: 'start-from-scratch', text: 'Start from scratch', onclick: startFromScratch }))
    : null;

  return h('section', { class: 'card', 'aria-labelledby': 'upload-heading' },
    h('h2', { id: 'upload-heading', text: '1. Upload a CSV file' }),
    h('p', { text: 'Each row in your CSV file represents a contact and each column represents a contact field. Ensure the file fulfils these requirements:' }),
    h('ul', { class: 'requirements', id: 'file-requirements' },
      ['Only CSV files are accepted for import', 'File size must be less than 20MB', 'File must contain at least one row',
        'File can contain a maximum of 200,000 rows', 'A First Name column is required to add new Contacts',
        'At least one column must be mapped to an identifier (except for Add All Contacts Despite Duplicates imports)',
        'Recommended format for phone numbers: Include "+" sign and country code. e.g. +60189988776'].map((t) => h('li', { text: t }))),
    h('p', {}, 'For an example of a populated CSV file, ', h('a', { href: '/ui/sample-contacts.csv', download: 'sample-contacts.csv', id: 'sample-csv', text: 'download the sample CSV' }), '.'),
    likeNotice, dropzone, status, warnings);
}

// The upload's warnings (what the earlier import's settings, or this import's for a corrected file, could not carry
// over), as a status list; null when there are none.
export function warningList(id) {
  const list = wizard.upload?.warnings || [];
  if (list.length === 0) return null;
  return h('div', { class: 'message warn warnings', id, role: 'status' },
    h('strong', { text: wizard.correctedFrom ? 'From this import’s settings:' : 'From the earlier import’s settings:' }),
    h('ul', {}, list.map((w) => h('li', { text: w }))));
}

// Drops the earlier import's settings: its upload is canceled and the wizard starts afresh.
function startFromScratch() {
  if (wizard.upload && ['draft', 'review'].includes(wizard.upload.status)) {
    api('DELETE', ws(`/imports/${wizard.upload.id}`)).catch(() => {});
  }
  forgetWizard();
  renderWizard();
  $('#dropzone')?.focus();
}

function describeDelimiter(d) {
  return d === '\t' ? 'tab' : d === ';' ? 'semicolon' : d === ',' ? 'comma' : d;
}

// Why a chosen file cannot be uploaded (not a CSV file, or 20 MB or more), or null when it can.
export function fileProblem(file) {
  if (!/\.csv$/i.test(file.name)) return `“${file.name}” is not a CSV file. Only CSV files are accepted for import (save it as “CSV UTF-8”).`;
  if (file.size >= MAX_BYTES) return `“${file.name}” is ${(file.size / 1048576).toFixed(1)} MB. The file size must be less than 20MB.`;
  return null;
}

// What the page says when the server refuses an upload (or a corrected file).
export function uploadFailure(e) {
  return e.code === 'import_in_progress'
    ? 'Only one import job can be in progress at a time. Wait until the import in progress is completed before starting a new one.'
    : e.message;
}

async function chooseFile(file) {
  wizard.uploadError = fileProblem(file);
  if (wizard.uploadError) {
    renderWizard();
    return;
  }
  if (wizard.upload && ['draft', 'review'].includes(wizard.upload.status)) {
    api('DELETE', ws(`/imports/${wizard.upload.id}`)).catch(() => {});
  }
  wizard.file = file;
  wizard.upload = null;
  wizard.correctedFrom = null;
  wizard.uploading = true;
  renderWizard();
  try {
    const like = wizard.like ? `&like=${encodeURIComponent(wizard.like.id)}` : '';
    loadImport(await api('POST', ws(`/imports?fileName=${encodeURIComponent(file.name)}${like}`), file), wizard.like?.fileName);
  } catch (e) {
    wizard.uploadError = uploadFailure(e);
  }
  wizard.uploading = false;
  renderWizard();
  $('#upload-status')?.focus();
}

// Takes an import as the server answers it (an upload, or a corrected file of the import in the wizard) into the
// wizard: its file, columns, warnings and import tag, and each column's mapping. When its settings were carried
// (from carriedFrom, the file whose settings they are) and came back configured, its purpose, identifier, tags and
// mapping (with Do Not Overwrite and date formats) stand as if chosen here, still to be reviewed; otherwise each column
// starts from the server's proposal. Any review is gone.
export function loadImport(upload, carriedFrom = null) {
  // A corrected file keeps the import tag: one the user removed stays removed (and can be restored).
  const tagRemoved = wizard.upload?.id === upload.id && wizard.importTagRemoved && !upload.config?.importTag;
  wizard.upload = upload;
  if (!tagRemoved) {
    wizard.importTag = upload.config?.importTag || null;
    wizard.importTagRemoved = false;
  }
  const proposal = new Map((upload.config?.mapping || []).map((m) => [m.column, m]));
  const configured = !!(carriedFrom && upload.config?.purpose);
  if (configured) {
    wizard.purpose = upload.config.purpose;
    wizard.identifier = upload.config.identifier || null;
    wizard.tags = [...(upload.config.tags || [])];
  }
  wizard.carriedFrom = configured ? carriedFrom : null;
  wizard.mapping = {};
  for (const column of upload.columns) {
    // Suggestions stay suggestions until the user accepts them; columns with no value anywhere are skipped.
    const proposed = proposal.get(column.index);
    const field = column.empty ? '' : (configured ? proposed?.field : column.field) || '';
    wizard.mapping[column.index] = {
      selected: !!field, field,
      doNotOverwrite: !!(field && proposed?.field === field && proposed.doNotOverwrite),
      dateFormat: field && proposed?.field === field && proposed.dateFormat ? proposed.dateFormat : undefined,
    };
  }
  dropMappedContactId();
  wizard.uploadError = null;
  wizard.review = null;
}
