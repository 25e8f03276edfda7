// The import wizard's state, kept while the user moves between its parts and screens: the upload, purpose,
// identifier, tags and mapping (with each date column's format), the review and whether the job started, and the
// earlier import whose settings the upload takes (Import again with these settings) with the server's warnings, and
// the file a corrected file replaced. A new one starts for another workspace or after a finished import. Also the
// purposes, identifiers and date formats the wizard offers.

import { state } from './state.js';

export const PURPOSES = [
  { id: 'addNew', title: 'Add New Contacts Only', desc: 'Adds only new Contacts in the CSV file to the Workspace.' },
  { id: 'updateExisting', title: 'Update Existing Contacts Only', desc: 'Updates only existing Contacts in the Workspace with values from the file.' },
  { id: 'addAndUpdate', title: 'Add and Update Contacts', desc: 'Updates existing Contacts and adds new Contacts to the Workspace.' },
  { id: 'addAll', title: 'Add All Contacts Despite Duplicates', desc: 'All Contacts in the file will be treated as new Contacts. You can review and merge duplicate Contacts manually on the platform.' },
];
export const IDENTIFIERS = [
  { id: 'phone', title: 'Phone Number', field: 'phone' },
  { id: 'email', title: 'Email', field: 'email' },
  { id: 'contactId', title: 'Contact ID', field: 'contactId' },
];
export const DATE_FORMATS = ['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY', 'DD-MM-YYYY', 'MM-DD-YYYY', 'YYYY/MM/DD'];
export const DEFAULT_DATE_FORMAT = 'YYYY-MM-DD';
export const UPDATING = new Set(['updateExisting', 'addAndUpdate']);
export const ADDING = new Set(['addNew', 'addAndUpdate', 'addAll']);

export let wizard = null;

// Keeps the wizard in progress, or starts a new one (first visit, another workspace, after a finished import).
export function ensureWizard() {
  if (!wizard || wizard.workspaceId !== state.workspaceId || wizard.finished) {
    wizard = newWizard();
    wizard.workspaceId = state.workspaceId;
  }
}

// Starts a new wizard that takes the settings of an earlier import ({ id, fileName, date }) once a file is chosen.
export function startWizardLike(earlier) {
  wizard = newWizard();
  wizard.workspaceId = state.workspaceId;
  wizard.like = earlier;
}

// Drops the wizard in progress (another workspace, start again).
export function forgetWizard() {
  wizard = null;
}

// The contact fields changed (a new custom field): the mapping reloads them.
export function forgetWizardFields() {
  if (wizard) wizard.fields = null;
}

function newWizard() {
  return {
    part: 1, file: null, upload: null, uploading: false, uploadError: null,
    purpose: null, identifier: null, tags: [], importTag: null, importTagRemoved: false,
    like: null, carriedFrom: null, correctedFrom: null,
    mapping: {}, fields: null, review: null, reviewing: false, started: false, job: null, error: null,
  };
}

// Contact ID may be mapped only when it is the identifier (SPEC and the API refuse it otherwise).
export function dropMappedContactId() {
  if (wizard.identifier === 'contactId') return;
  for (const m of Object.values(wizard.mapping)) if (m.field === 'contactId') { m.field = ''; m.selected = false; }
}
