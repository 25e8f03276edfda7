// Part 1 of the import wizard: the upload card, then the import purpose, the identifier, the tags (with the
// generated import tag, which can be removed and restored) and NEXT, enabled once all of them are chosen. An upload
// that took an earlier import's settings arrives with them chosen. Do Not Overwrite choices stay as they are when the
// purpose changes (they are sent only for a purpose that updates contacts).

import { $, h, message } from './dom.js';
import { addPhoneMatchingHint } from './phone-numbers.js';
import { state } from './state.js';
import { goToPart, renderWizard } from './wizard.js';
import { IDENTIFIERS, PURPOSES, dropMappedContactId, wizard } from './wizard-state.js';
import { uploadCard } from './wizard-upload.js';

export function renderPart1(body) {
  const upload = uploadCard();

  const purposeSet = h('fieldset', { class: 'purposes', id: 'purposes' }, h('legend', { text: '2. Select Import Purpose' }),
    PURPOSES.map((p) => {
      const id = `purpose-${p.id}`;
      const radio = h('input', { type: 'radio', name: 'purpose', id, value: p.id, checked: wizard.purpose === p.id, 'aria-describedby': `${id}-desc` });
      radio.addEventListener('change', () => {
        wizard.purpose = p.id;
        if (p.id === 'addAll') wizard.identifier = null;
        if (wizard.identifier === 'contactId' && p.id !== 'updateExisting') wizard.identifier = null;
        dropMappedContactId();
        renderWizard();
        $(`#${id}`).focus();
      });
      return h('label', { class: 'option-card', for: id }, radio,
        h('span', {}, h('span', { class: 'title', text: p.title }), h('span', { class: 'desc', id: `${id}-desc`, text: p.desc })));
    }));

  const identifierSet = h('fieldset', { id: 'identifiers' }, h('legend', { text: '3. Select Identifier' }));
  if (wizard.purpose === 'addAll') {
    identifierSet.append(h('p', { class: 'hint', text: 'Add All Contacts Despite Duplicates treats every row as a new contact, so no identifier is used.' }));
  } else {
    identifierSet.append(h('p', { class: 'hint', text: 'The value recognises existing Contacts. It must be identical in the file and the Workspace (e.g. +60101010101 with its country code), or the row is treated as a new Contact.' }));
    addPhoneMatchingHint(identifierSet, state.workspaceId);
    const choices = IDENTIFIERS.filter((i) => i.id !== 'contactId' || wizard.purpose === 'updateExisting');
    identifierSet.append(h('div', { class: 'row' }, choices.map((i) => {
      const id = `identifier-${i.id}`;
      const radio = h('input', { type: 'radio', name: 'identifier', id, value: i.id, checked: wizard.identifier === i.id, disabled: !wizard.purpose });
      radio.addEventListener('change', () => { wizard.identifier = i.id; dropMappedContactId(); renderWizard(); $(`#${id}`).focus(); });
      return h('label', { class: 'option-card', for: id }, radio, h('span', { class: 'title', text: i.title }));
    })));
    if (!wizard.purpose) identifierSet.append(h('p', { class: 'hint', text: 'Choose a purpose first.' }));
    else if (wizard.purpose !== 'updateExisting') identifierSet.append(h('p', { class: 'hint', text: 'Contact ID can be the identifier only for Update Existing Contacts Only.' }));
  }

  const tagInputId = 'tag-input';
  const tagError = h('div', { 'aria-live': 'polite' });
  const chips = h('div', { id: 'tag-chips' });
  if (wizard.importTag && !wizard.importTagRemoved) {
    chips.append(h('span', { class: 'chip', id: 'import-tag-chip' }, h('span', { text: wizard.importTag }), h('span', { class: 'hint', text: '(import tag)' }),
      h('button', { type: 'button', id: 'remove-import-tag', 'aria-label': `Remove import tag ${wizard.importTag}`, text: '×', onclick: () => { wizard.importTagRemoved = true; renderWizard(); $('#' + tagInputId).focus(); } })));
  }
  wizard.tags.forEach((tag, index) => chips.append(h('span', { class: 'chip' }, h('span', { text: tag }),
    h('button', { type: 'button', 'aria-label': `Remove tag ${tag}`, text: '×', onclick: () => { wizard.tags.splice(index, 1); renderWizard(); $('#' + tagInputId).focus(); } }))));
  const tagInput = h('input', { type: 'text', id: tagInputId, maxlength: '255', placeholder: 'e.g. newsletter' });
  const addTag = () => {
    const tag = tagInput.value.trim();
    tagError.replaceChildren();
    if (!tag) return;
    if (tag.includes(',')) { tagError.append(message('error', 'A tag cannot contain a comma.')); return; }
    if (!wizard.tags.includes(tag) && tag !== wizard.importTag) wizard.tags.push(tag);
    renderWizard();
    $('#' + tagInputId).focus();
  };
  tagInput.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); addTag(); } });
  const tagsSection = h('section', { class: 'card', 'aria-labelledby': 'tags-heading' },
    h('h2', { id: 'tags-heading', text: '4. Add Tags' }),
    h('p', { class: 'hint', text: 'Tags are added to every Contact added or updated by this import. An import tag is generated to identify this import; you can remove it.' }),
    wizard.importTagRemoved && wizard.importTag ? h('p', {}, h('button', { type: 'button', class: 'link-button', text: `Restore import tag ${wizard.importTag}`, onclick: () => { wizard.importTagRemoved = false; renderWizard(); } })) : null,
    chips,
    h('div', { class: 'row' }, h('div', { class: 'field' }, h('label', { for: tagInputId, text: 'Tag' }), tagInput),
      h('div', { class: 'field' }, h('button', { type: 'button', id: 'add-tag', text: 'Add tag', onclick: addTag }))),
    tagError);

  const missing = [];
  if (!wizard.upload) missing.push('upload a CSV file');
  if (!wizard.purpose) missing.push('select an import purpose');
  if (wizard.purpose && wizard.purpose !== 'addAll' && !wizard.identifier) missing.push('select an identifier');
  const next = h('button', { type: 'button', class: 'primary', id: 'part1-next', text: 'NEXT', disabled: missing.length > 0, onclick: () => goToPart(2) });
  body.replaceChildren(upload,
    h('section', { class: 'card' }, purposeSet, identifierSet),
    tagsSection,
    h('p', { class: 'hint', id: 'part1-missing', hidden: missing.length === 0, text: `To continue, ${missing.join(', ')}.` }),
    h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/contacts', text: 'Cancel' }), next));
}
