// Contacts › Merge Suggestions (#/merge-suggestions, SPEC §14; owners and managers): the groups of contacts that share
// a phone number or an email (a switch picks which), a page at a time with Load more. Each group shows its contacts
// side by side, one column per contact and one row per field (the custom fields any of them has, and the tags): the
// person picks the contact to keep and, in a row whose values differ, whose value it takes (by default its own, else
// the first non-empty one); in a group of three or more a contact can be left out. The last column shows the contact
// as the merge will leave it. Merge asks first, saying what will happen; once merged the group goes and a message says
// what was done.

import { api, ws } from './api.js';
import { confirmDialog, formatDate, h, main, message, nextId, tagList } from './dom.js';
import { count } from './phone-numbers.js';

const STANDARD = [['firstName', 'First Name'], ['lastName', 'Last Name'], ['phone', 'Phone Number'], ['email', 'Email'],
  ['language', 'Language'], ['country', 'Country']];
const BY = { phone: { label: 'Phone Number', none: 'No contacts share a phone number.' },
  email: { label: 'Email', none: 'No contacts share an email address (compared ignoring upper and lower case).' } };
const PAGE_SIZE = 20;
// A request reads a bounded slice of the index, so a page may hold no group while more remain: the page asks on by
// itself for this long, then leaves the rest to Load more.
const LOOK_FOR_MS = 8000;

const view = { by: 'phone' };

export async function renderMergeSuggestions() {
  const status = h('div', { id: 'merge-status' });
  const groupsArea = h('div', { id: 'merge-groups' });
  const moreArea = h('div', { id: 'merge-more-area', class: 'merge-more', 'aria-live': 'polite' });
  const switcher = h('fieldset', { class: 'by-switch', id: 'merge-by' },
    h('legend', { text: 'Contacts that share' }),
    Object.entries(BY).map(([value, { label }]) => {
      const id = `merge-by-${value}`;
      const input = h('input', { type: 'radio', name: 'merge-by', id, value, checked: view.by === value });
      input.addEventListener('change', () => { if (input.checked) { view.by = value; start(); } });
      return h('label', { for: id, class: 'option-card' }, input, h('span', { class: 'title', text: label }));
    }));
  main().replaceChildren(
    h('h1', { text: 'Contacts › Merge Suggestions' }),
    h('div', { class: 'card' },
      h('p', { text: 'Contacts that may be the same person: they share a phone number, or an email address. For each group, choose the contact to keep and whose value it takes where they differ. The others are deleted; their tags are added to the one kept.' }),
      switcher),
    status, groupsArea, moreArea);

  let fieldNames = new Map();
  try {
    const { fields } = await api('GET', ws('/contact-fields'));
    fieldNames = new Map(fields.filter((f) => !f.standard).map((f) => [f.key, f.name]));
  } catch { /* the custom values are shown under their field ids */ }

  // One listing at a time: switching phone/email or leaving the page makes an older one stop where it is.
  let listing = null;
  function start() {
    listing = { by: view.by, cursor: null, shown: 0, loading: false };
    status.replaceChildren();
    groupsArea.replaceChildren();
    loadMore(listing);
  }
  const current = (l) => l === listing && groupsArea.isConnected;

  async function loadMore(l) {
    l.loading = true;
    moreArea.replaceChildren(h('p', { class: 'loading', id: 'merge-loading', text: 'Looking for duplicates…' }));
    let groups = [];
    const since = Date.now();
    do {
      const params = new URLSearchParams({ by: l.by, limit: String(PAGE_SIZE) });
      if (l.cursor) params.set('cursor', l.cursor);
      let data;
      try {
        data = await api('GET', ws(`/contacts/duplicates?${params}`));
      } catch (e) {
        l.loading = false;
        if (!current(l)) return;
        moreArea.replaceChildren(message('error', e.message), moreButton(l, 'Try again'));
        return;
      }
      if (!current(l)) return;
      groups = data.groups || [];
      l.cursor = data.nextCursor || null;
    } while (groups.length === 0 && l.cursor && Date.now() - since < LOOK_FOR_MS);
    l.loading = false;
    for (const group of groups) groupsArea.append(groupCard(group, l.by, fieldNames, (done) => merged(l, done)));
    l.shown += groups.length;
    showEnd(l);
  }

  // Under the groups: Load more while the server has more to look at, else what the list came to.
  function showEnd(l) {
    const left = groupsArea.querySelectorAll('.merge-group').length;
    if (l.cursor) {
      const none = h('p', { id: 'merge-none-yet', text: 'No duplicates found so far; there are more contacts to look through.' });
      moreArea.replaceChildren(...(left ? [] : [none]), moreButton(l, 'Load more'));
    } else if (left === 0) {
      moreArea.replaceChildren(h('p', { id: 'no-duplicates', text: l.shown ? 'No more suggestions: every group has been merged.' : BY[l.by].none }));
    } else {
      moreArea.replaceChildren(h('p', { class: 'hint', id: 'merge-end', text: `${count(left, 'group', 'groups')} to look at; that is all.` }));
    }
  }

  function moreButton(l, label) {
    return h('button', { type: 'button', id: 'merge-more', text: label, onclick: () => loadMore(l) });
  }

  // A group merged: it goes, a message says what happened (and takes the focus, since the group's button is gone);
  // when it was the last one shown and there are more, the next are fetched.
  function merged(l, { section, kept, others }) {
    section.remove();
    const name = contactName(kept);
    const done = h('p', { class: 'message success', role: 'status', id: 'merge-done', tabindex: '-1' },
      `Merged: kept #${kept.id} ${name}, deleted ${others.map((c) => `#${c.id}`).join(', ')}. `,
      h('a', { href: `#/contacts/${kept.id}`, text: `Open #${kept.id} ${name}` }));
    status.replaceChildren(done);
    done.focus();
    // While more are being fetched, that fetch draws the end of the list.
    if (!current(l) || l.loading) return;
    if (groupsArea.querySelectorAll('.merge-group').length === 0 && l.cursor) loadMore(l);
    else showEnd(l);
  }

  start();
}

// "a", "a and b", "a, b and c".
const listed = (items) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);
const contactName = (c) => [c.firstName, c.lastName].filter(Boolean).join(' ');
const isEmpty = (v) => v === null || v === undefined || v === '';
const shown = (v) => (isEmpty(v) ? '' : String(v));

// One group: its table and Merge button, with the choices kept in `choice`.
function groupCard(group, by, fieldNames, onMerged) {
  const contacts = group.contacts;
  const gid = nextId('group');
  const headingId = `${gid}-heading`;
  const choice = { keep: contacts[0].id, leftOut: new Set(), picked: {} };
  const byId = new Map(contacts.map((c) => [c.id, c]));

  // The rows: the standard fields, then the custom fields any of the contacts has a value for, in the workspace's
  // order of fields.
  const customKeys = [...new Set(contacts.flatMap((c) => Object.keys(c.custom || {}).filter((k) => !isEmpty(c.custom[k]))))]
    .map((id) => `custom.${id}`);
  const order = [...fieldNames.keys()];
  customKeys.sort((a, b) => (order.indexOf(a) + 1 || Infinity) - (order.indexOf(b) + 1 || Infinity) || a.localeCompare(b));
  const rows = [...STANDARD, ...customKeys.map((key) => [key, fieldNames.get(key) || key.slice('custom.'.length)])];
  const valueOf = (c, key) => (key.startsWith('custom.') ? c.custom?.[key.slice('custom.'.length)] : c[key]);
  // A row offers a choice when its values differ; otherwise there is only one value to keep.
  const choosing = rows.filter(([key]) => new Set(contacts.map((c) => shown(valueOf(c, key))).filter(Boolean)).size > 1).map(([key]) => key);

  const included = () => contacts.filter((c) => c.id === choice.keep || !choice.leftOut.has(c.id));
  const others = () => included().filter((c) => c.id !== choice.keep);
  // Whose value a field takes: the one picked, while it is still in the merge; else the kept contact's own; else the
  // first non-empty one of the others, in the group's order (the server's rule for a field not in `take`).
  const source = (key) => {
    const picked = choice.picked[key];
    if (picked && included().some((c) => c.id === picked) && !isEmpty(valueOf(byId.get(picked), key))) return picked;
    const kept = byId.get(choice.keep);
    if (!isEmpty(valueOf(kept, key))) return kept.id;
    return others().find((c) => !isEmpty(valueOf(c, key)))?.id ?? kept.id;
  };

  const headCells = contacts.map((c) => {
    const keepId = `${gid}-keep-${c.id}`;
    const keep = h('input', { type: 'radio', name: `${gid}-keep`, id: keepId, value: String(c.id), class: 'keep-choice', checked: c.id === choice.keep });
    keep.addEventListener('change', () => { if (keep.checked) { choice.keep = c.id; choice.leftOut.delete(c.id); update(); } });
    let include = null;
    if (contacts.length > 2) {
      const includeId = `${gid}-include-${c.id}`;
      const box = h('input', { type: 'checkbox', id: includeId, class: 'include-choice', checked: true });
      box.addEventListener('change', () => { if (box.checked) choice.leftOut.delete(c.id); else choice.leftOut.add(c.id); update(); });
      include = h('label', { for: includeId, class: 'include' }, box, ' Merge',
        h('span', { class: 'visually-hidden', text: ` #${c.id} ${contactName(c)}` }));
    }
    return h('th', { scope: 'col', class: 'contact-col', 'data-contact-id': String(c.id) },
      h('a', { href: `#/contacts/${c.id}`, class: 'contact-link', text: `#${c.id} ${contactName(c)}` }),
      h('label', { for: keepId, class: 'keep' }, keep, ' Keep', h('span', { class: 'visually-hidden', text: ` #${c.id} ${contactName(c)}` })),
      include);
  });

  const resultCells = new Map();
  const bodyRows = rows.map(([key, label]) => {
    const offers = choosing.includes(key);
    const cells = contacts.map((c) => {
      const value = valueOf(c, key);
      if (isEmpty(value)) return h('td', { class: 'empty', 'data-contact-id': String(c.id) }, h('span', { 'aria-hidden': 'true', text: '—' }), h('span', { class: 'visually-hidden', text: 'empty' }));
      if (!offers) return h('td', { 'data-contact-id': String(c.id), text: String(value) });
      const radio = h('input', {
        type: 'radio', name: `${gid}-take-${key}`, value: String(c.id), class: 'take-choice', 'data-field': key,
        'aria-label': `${label}: take ${String(value)} from #${c.id} ${contactName(c)}`,
      });
      radio.addEventListener('change', () => { if (radio.checked) { choice.picked[key] = c.id; update(); } });
      return h('td', { 'data-contact-id': String(c.id) }, h('label', { class: 'take' }, radio, h('span', { text: String(value) })));
    });
    const result = h('td', { class: 'result', 'data-field': key });
    resultCells.set(key, result);
    return h('tr', { 'data-field': key, class: offers ? 'differs' : '' }, h('th', { scope: 'row', text: label }), cells, result);
  });
  const tagsResult = h('td', { class: 'result', 'data-field': 'tags' });
  const tagsRow = h('tr', { 'data-field': 'tags' }, h('th', { scope: 'row', text: 'Tags' }),
    contacts.map((c) => h('td', { 'data-contact-id': String(c.id) }, (c.tags || []).length ? tagList(c.tags) : h('span', { class: 'empty', text: '—' }))),
    tagsResult);
  const createdRow = h('tr', { 'data-field': 'createdAt' }, h('th', { scope: 'row', text: 'Created' }),
    contacts.map((c) => h('td', { class: 'hint', 'data-contact-id': String(c.id), text: formatDate(c.createdAt) })), h('td', { class: 'result hint' }));

  const table = h('table', { class: 'merge-table' },
    h('caption', { class: 'visually-hidden', text: `The contacts sharing ${BY[by].label} ${group.key}, one column each, and the contact after the merge` }),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Field' }), headCells, h('th', { scope: 'col', class: 'result', text: 'After the merge' }))),
    h('tbody', {}, bodyRows, tagsRow, createdRow));
  const problem = h('div', { class: 'merge-problem', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'primary merge-button' });
  const summary = h('p', { class: 'hint merge-summary' });
  const section = h('section', { class: 'card merge-group', 'data-key': group.key, 'aria-labelledby': headingId },
    h('h2', { id: headingId }, `${BY[by].label} `, h('span', { class: 'group-key', text: group.key }),
      h('span', { class: 'hint', text: ` · ${count(contacts.length, 'contact', 'contacts')}` })),
    h('div', { class: 'table-wrap' }, table),
    problem,
    h('div', { class: 'actions merge-actions' }, summary, button));

  // Draws the choices: the kept column, the contacts left out, each row's source, the result column and the button.
  function update() {
    const keptContact = byId.get(choice.keep);
    const inMerge = new Set(included().map((c) => c.id));
    for (const cell of section.querySelectorAll('[data-contact-id]')) {
      const id = Number(cell.getAttribute('data-contact-id'));
      cell.classList.toggle('kept', id === choice.keep);
      cell.classList.toggle('left-out', !inMerge.has(id));
    }
    for (const box of section.querySelectorAll('.include-choice')) {
      const id = Number(box.closest('th').getAttribute('data-contact-id'));
      box.disabled = id === choice.keep;
      box.checked = inMerge.has(id);
    }
    for (const [key] of rows) {
      const from = source(key);
      for (const radio of section.querySelectorAll(`input.take-choice[data-field="${key}"]`)) {
        const id = Number(radio.value);
        radio.disabled = !inMerge.has(id);
        radio.checked = id === from;
        radio.closest('td').classList.toggle('taken', id === from);
      }
      const value = valueOf(byId.get(from), key);
      const result = resultCells.get(key);
      result.replaceChildren(isEmpty(value) ? h('span', { class: 'empty', text: '—' }) : String(value));
      if (from !== choice.keep && !isEmpty(value)) result.append(h('span', { class: 'from hint', text: ` (from #${from})` }));
    }
    const tags = [...new Set(included().flatMap((c) => c.tags || []))];
    tagsResult.replaceChildren(...(tags.length ? tagList(tags) : [h('span', { class: 'empty', text: '—' })]));
    createdRow.lastChild.textContent = formatDate(keptContact.createdAt);
    const n = others().length;
    button.disabled = n === 0;
    button.textContent = `Merge ${count(n + 1, 'contact', 'contacts')}`;
    button.setAttribute('aria-describedby', `${gid}-summary`);
    summary.id = `${gid}-summary`;
    summary.textContent = n === 0 ? 'Choose at least one contact to merge into the one kept.' : sentence();
  }

  // What the merge will do, in words: "Keep #5 Ana Lee, delete #9 Ana L.; tags combined. #5 takes Last Name from #9."
  function sentence() {
    const kept = byId.get(choice.keep);
    const taken = rows.filter(([key]) => source(key) !== choice.keep).map(([key, label]) => `${label} from #${source(key)}`);
    const leftOut = contacts.filter((c) => !included().includes(c));
    return `Keep #${kept.id} ${contactName(kept)}, delete ${listed(others().map((c) => `#${c.id} ${contactName(c)}`))}; tags combined.`
      + (taken.length ? ` #${kept.id} takes ${taken.join(', ')}.` : '')
      + (leftOut.length ? ` ${leftOut.map((c) => `#${c.id}`).join(', ')} left as ${leftOut.length === 1 ? 'it is' : 'they are'}.` : '');
  }

  button.addEventListener('click', async () => {
    problem.replaceChildren();
    const what = sentence();
    if (!(await confirmDialog(`${what} This cannot be undone.`, 'Merge'))) { button.focus(); return; }
    const body = { keep: choice.keep, others: others().map((c) => c.id), take: {} };
    for (const [key] of rows) {
      const from = source(key);
      if (choosing.includes(key) && !isEmpty(valueOf(byId.get(from), key))) body.take[key] = from;
    }
    const deleted = others();
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    button.textContent = 'Merging…';
    try {
      const kept = await api('POST', ws('/contacts/merge'), body);
      onMerged({ section, kept, others: deleted });
    } catch (e) {
      button.removeAttribute('aria-busy');
      update();
      problem.replaceChildren(message('error', e.status === 404
        ? 'One of these contacts no longer exists: it was merged or deleted meanwhile. Switch the list or open this page again to see the group as it is now.'
        : e.message));
      button.focus();
    }
  });

  update();
  return section;
}
