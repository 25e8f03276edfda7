// Part 3's "Fix in the browser", shown when the review found rows in error: the errors at a glance (the rows in error
// grouped by rule, each group a filter of the grid, and All errors), the bulk fixes (Replace, Add country code when a
// column is mapped to Phone Number, Skip all rows still in error) and the grid of rows (review-grid.js). Every change
// answers the review's new counts, groups and expiry: handed to onAnswer, which draws them all again (update).

import { api, ws } from './api.js';
import { confirmDialog, field, h, message } from './dom.js';
import { count } from './phone-numbers.js';
import { reviewGrid } from './review-grid.js';

const SKIP_HINT = 'Rows skipped here count as skipped and are not imported; a row’s Undo skip takes it back.';
const sameGroup = (a, b) => !!a && !!b && a.message === b.message && (a.field ?? null) === (b.field ?? null) && (a.column ?? null) === (b.column ?? null);

// importId: the import in review; columns: its file's columns ({index, header}); phoneColumn: the column mapped to
// Phone Number, or null; review: the review's answer (summary, errorGroups); onAnswer(answer): a correction's answer;
// onExpired(): the review's hour has passed; setBusy(flag): a correction is in flight.
export function reviewFixer({ importId, columns, phoneColumn, review, onAnswer, onExpired, setBusy }) {
  let groups = review.errorGroups || [];
  let errors = review.summary.errors;
  let filter = null; // the group on show ({field, column, message, rows}); null: all errors

  // The grid's query: the rows in error, of the group on show (by its place in the current groups).
  const query = () => {
    if (!filter) return 'status=error';
    const index = groups.findIndex((g) => sameGroup(g, filter));
    return index < 0 ? null : `status=error&group=${index}`;
  };
  const bulkButtons = [];
  let working = 0;
  const busy = (flag) => {
    working += flag ? 1 : -1;
    for (const button of bulkButtons) button.disabled = working > 0;
    setBusy(working > 0);
  };
  const grid = reviewGrid({ importId, columns, query, onAnswer, onExpired, setBusy: busy });

  // --- The errors at a glance: the groups, each a filter.
  const groupList = h('ul', { class: 'error-groups', id: 'error-groups' });
  const glanceNote = h('p', { class: 'hint', id: 'error-groups-note' });
  function drawGroups() {
    const shownGroups = [...groups];
    // The group on show stays listed (with 0 rows) once its rows are all fixed, so the filter still reads true.
    if (filter && !groups.some((g) => sameGroup(g, filter))) shownGroups.push({ ...filter, rows: 0 });
    const option = (group, label, rows) => h('li', {},
      h('button', {
        type: 'button', class: 'group-filter', 'aria-pressed': String(group ? sameGroup(group, filter) : !filter),
        onclick: () => choose(group),
      }, h('span', { class: 'group-message', text: label }), ' — ', h('strong', { class: 'group-rows', text: count(rows, 'row', 'rows') })));
    groupList.replaceChildren(option(null, 'All errors', errors), ...shownGroups.map((g) => option(g, g.message, g.rows)));
    groupList.hidden = errors === 0;
    glanceNote.textContent = errors > 0
      ? 'A row can break more than one rule. Choose a rule to see only its rows in the grid below.'
      : 'No rows in error left: every row will be imported, updated or skipped.';
  }
  function choose(group) {
    if (grid.busy()) return;
    filter = group;
    if (group?.column !== null && group?.column !== undefined) replaceColumn.value = String(group.column);
    drawGroups();
    grid.load();
  }

  // --- Bulk fixes.
  const bulkStatus = h('div', { id: 'bulk-status', 'aria-live': 'polite' });
  async function runFix(body, describe) {
    if (grid.busy()) return;
    busy(true);
    bulkStatus.replaceChildren(message('info', 'Changing the rows…'));
    let answer;
    try {
      answer = await api('POST', ws(`/imports/${importId}/fixes`), body);
    } catch (e) {
      busy(false);
      if (e.status === 410 || e.code === 'session_expired') { onExpired(); return; }
      bulkStatus.replaceChildren(message('error', e.message));
      return;
    }
    busy(false);
    onAnswer(answer);
    bulkStatus.replaceChildren(message(answer.changedRows > 0 ? 'success' : 'info', `${count(answer.changedRows, 'row', 'rows')} changed${describe(answer.changedRows)}.`));
    grid.load();
  }

  const replaceColumn = h('select', { id: 'replace-column' },
    columns.map((c) => h('option', { value: String(c.index), text: c.header || `Column ${c.index + 1}` })));
  const firstCellGroup = groups.find((g) => g.column !== null && g.column !== undefined);
  if (firstCellGroup) replaceColumn.value = String(firstCellGroup.column);
  const replaceFrom = h('input', { type: 'text', id: 'replace-from', autocomplete: 'off', spellcheck: 'false' });
  const replaceTo = h('input', { type: 'text', id: 'replace-to', autocomplete: 'off', spellcheck: 'false' });
  const replaceButton = h('button', { type: 'submit', id: 'replace-apply', text: 'Replace' });
  const replaceForm = h('form', { class: 'bulk-fix', id: 'replace-form', 'aria-labelledby': 'replace-heading' },
    h('h4', { id: 'replace-heading', text: 'Replace' }),
    field('Column', replaceColumn),
    field('Cells that read exactly', replaceFrom, 'Leave it empty to fill the empty cells.'),
    field('Change to', replaceTo),
    h('div', { class: 'actions start' }, replaceButton));
  replaceForm.addEventListener('submit', (e) => {
    e.preventDefault();
    if (replaceFrom.value === replaceTo.value) {
      bulkStatus.replaceChildren(message('error', 'Write the text to change to: it is the same as the text to replace.'));
      replaceTo.focus();
      return;
    }
    const column = Number(replaceColumn.value);
    const from = replaceFrom.value;
    const to = replaceTo.value;
    const header = replaceColumn.selectedOptions[0].textContent;
    const quoted = (text) => (text === '' ? 'empty' : `“${text}”`);
    runFix({ action: 'replace', column, from, to },
      (n) => (n ? `: ${quoted(from)} is now ${quoted(to)} in “${header}”` : `: no cell of “${header}” is ${from === '' ? 'empty' : `exactly ${quoted(from)}`}`));
  });
  bulkButtons.push(replaceButton);

  let prefixForm = null;
  if (phoneColumn !== null) {
    const header = columns.find((c) => c.index === phoneColumn)?.header || `Column ${phoneColumn + 1}`;
    const code = h('input', { type: 'text', id: 'country-code', inputmode: 'tel', autocomplete: 'off', placeholder: '+60', size: '6' });
    const button = h('button', { type: 'submit', id: 'prefix-apply', text: 'Add country code' });
    prefixForm = h('form', { class: 'bulk-fix', id: 'prefix-form', 'aria-labelledby': 'prefix-heading' },
      h('h4', { id: 'prefix-heading', text: 'Add country code' }),
      field(`Country code for “${header}”`, code, 'Numbers without one get it in front, without their leading 0: 012-345 6789 becomes +60123456789. Numbers starting with + or 00 stay as they are.'),
      h('div', { class: 'actions start' }, button));
    prefixForm.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!code.value.trim()) { bulkStatus.replaceChildren(message('error', 'Write the country code to add, such as +60.')); code.focus(); return; }
      const added = code.value.trim();
      runFix({ action: 'prefixCountryCode', column: phoneColumn, code: added }, (n) => (n ? `: ${added} added in front of the numbers in “${header}”` : `: every number in “${header}” has a country code already`));
    });
    bulkButtons.push(button);
  }

  const skipButton = h('button', { type: 'button', id: 'skip-errors', class: 'danger', text: 'Skip all rows still in error' });
  skipButton.addEventListener('click', async () => {
    if (grid.busy()) return;
    const sure = await confirmDialog(`Skip the ${count(errors, 'row', 'rows')} still in error? ${errors === 1 ? 'It' : 'They'} will not be imported; a row’s Undo skip in the grid takes it back before you click IMPORT.`, 'Skip rows');
    if (sure) runFix({ action: 'skipErrors' }, () => ': skipped');
    else skipButton.focus();
  });
  bulkButtons.push(skipButton);
  const skipForm = h('div', { class: 'bulk-fix', id: 'skip-form' },
    h('h4', { text: 'Skip the rest' }),
    h('p', { class: 'hint', text: SKIP_HINT }),
    h('div', { class: 'actions start' }, skipButton));

  const glance = h('section', { class: 'card', id: 'errors-glance', 'aria-labelledby': 'glance-heading' },
    h('h2', { id: 'glance-heading', text: 'The errors at a glance' }), glanceNote, groupList);
  const fixing = h('section', { class: 'card', id: 'fix-rows', 'aria-labelledby': 'fix-heading' },
    h('h2', { id: 'fix-heading', text: 'Fix in the browser' }),
    h('p', { class: 'hint', id: 'fix-keys', text: 'Double-click a cell, or select it and press Enter, to correct it: Enter saves, Tab saves and moves to the next cell, Escape cancels. The arrow keys move between cells. Each change is checked at once and restarts the review’s hour.' }),
    h('h3', { text: 'Fix many rows at once' }),
    h('div', { class: 'bulk-fixes' }, replaceForm, prefixForm, skipForm),
    bulkStatus,
    h('h3', { text: 'Rows in error' }),
    grid.element);

  drawGroups();
  grid.load();

  return {
    elements: [glance, fixing],
    // Draws the review's new counts and groups (after any change, made here or not).
    update(next) {
      groups = next.errorGroups || [];
      errors = next.summary.errors;
      drawGroups();
      skipButton.hidden = errors === 0;
      skipForm.querySelector('.hint').textContent = errors === 0 ? 'No rows in error left to skip.' : SKIP_HINT;
    },
    // The import started: nothing can be changed any more.
    close() {
      glance.hidden = true;
      fixing.hidden = true;
    },
  };
}
