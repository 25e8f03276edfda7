// Part 3's grid of rows to fix in the browser: the rows of a review, 100 a page from the server (Load more), each with
// its number and Skip (or Undo skip), its errors or, once fixed, what will happen to it, and its cells. A bad cell is
// marked (aria-invalid, its message in its title and, for screen readers, in its text). The grid is one tab stop: the
// arrow keys, Home and End move between cells; Enter, F2, typing or a double-click edits a cell; Enter saves it, Tab
// saves and moves to the next cell, Escape cancels. Each save answers the rows it decided again, drawn in place (a
// fixed row stays, saying so), and the review's new counts, handed to onAnswer.

import { api, ws } from './api.js';
import { $, h, message } from './dom.js';

const PAGE = 100;

// A message as a sentence: some row-level messages start in lower case ("duplicate identifier in file, rows 3, 5").
const sentence = (text) => (text ? text[0].toUpperCase() + text.slice(1) : text);

// What will happen to a row that is no longer in error, in words: "Fixed" when its own cells were corrected, "No
// longer in error" when another row's correction cleared it (the other of two duplicates).
function outcomeText(row) {
  if (row.skippedInReview) return 'Skipped — will not be imported';
  const how = row.correctedColumns?.length ? 'Fixed' : 'No longer in error';
  if (row.status === 'imported') return `${how} — will be imported`;
  if (row.status === 'updated') return `${how} — will update its contact`;
  if (row.status === 'skipped') return `${how} — will be skipped`;
  return row.status;
}

// The sentence the grid announces after a row was saved or skipped.
function rowSummary(row) {
  if (row.status === 'error') return `Row ${row.row} still has ${row.errors.length === 1 ? 'an error' : `${row.errors.length} errors`}: ${row.errors.map((e) => sentence(e.message)).join(' ')}`;
  return `Row ${row.row}: ${outcomeText(row)}.`;
}

// columns: the file's columns ({index, header}); importId: the import in review.
// query(): the query of the rows on show ('status=error' and maybe '&group=N'), or null when they are all gone.
// onAnswer(answer): a correction's answer (counts, groups, expiry); onExpired(): the review's hour has passed.
// setBusy(flag): a correction is in flight (the page's other buttons wait for it).
export function reviewGrid({ importId, columns, query, onAnswer, onExpired, setBusy }) {
  const rows = new Map(); // row number → the row as the server last answered it
  let nextCursor = null;
  let loading = 0; // the latest load: an older page that arrives late is dropped
  let editing = null; // { td, input, rowNo, col, original, saving }
  let busy = false;
  let current = null; // the grid's one tab stop

  const tbody = h('tbody');
  const headers = columns.map((c) => c.header || `Column ${c.index + 1}`);
  const table = h('table', { id: 'fix-grid', class: 'fix-grid', role: 'grid', 'aria-labelledby': 'fix-heading', 'aria-describedby': 'fix-keys' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', class: 'row-head', text: 'Row' }),
      h('th', { scope: 'col', text: 'Errors' }),
      headers.map((text) => h('th', { scope: 'col', text })))),
    tbody);
  const status = h('div', { id: 'grid-status', class: 'grid-status', 'aria-live': 'polite' });
  const shown = h('span', { id: 'grid-shown', class: 'hint' });
  const more = h('button', { type: 'button', id: 'grid-load-more', text: 'Load more rows', hidden: true, onclick: () => loadPage(false) });
  const element = h('div', { class: 'fix-grid-area' },
    status,
    h('div', { class: 'table-wrap grid-wrap' }, table),
    h('div', { class: 'pager grid-more' }, shown, more));

  function report(kind, text) {
    status.replaceChildren(text ? message(kind, text) : '');
  }

  function fail(e) {
    if (e.status === 410 || e.code === 'session_expired') { onExpired(); return; }
    report('error', e.message);
  }

  // --- Drawing rows.

  function rowElement(row) {
    const byColumn = new Map();
    for (const e of row.errors) {
      if (e.column === null || e.column === undefined) continue;
      if (!byColumn.has(e.column)) byColumn.set(e.column, []);
      byColumn.get(e.column).push(e.message);
    }
    const corrected = new Set(row.correctedColumns || []);
    const skipped = !!row.skippedInReview;
    const action = h('button', {
      type: 'button', class: 'row-skip', tabindex: '-1', text: skipped ? 'Undo skip' : 'Skip',
      'aria-label': skipped ? `Undo skip of row ${row.row}` : `Skip row ${row.row}`,
      onclick: () => setSkip(row.row, !skipped),
    });
    const state = row.status === 'error'
      ? h('ul', { class: 'row-errors' }, row.errors.map((e) => h('li', { text: sentence(e.message) })))
      : h('span', { class: 'row-outcome', text: outcomeText(row) });
    return h('tr', { 'data-row': String(row.row), class: `grid-row status-${row.status}${skipped ? ' skipped-by-user' : ''}` },
      h('th', { scope: 'row', class: 'row-head' }, h('span', { class: 'row-number', text: row.row.toLocaleString() }), action),
      h('td', { class: 'row-state', tabindex: '-1' }, state),
      columns.map((c) => {
        const messages = byColumn.get(c.index) || [];
        return h('td', {
          class: `cell${messages.length ? ' invalid' : ''}${corrected.has(c.index) ? ' corrected' : ''}`,
          'data-col': String(c.index), tabindex: '-1',
          'aria-invalid': messages.length ? 'true' : null, title: messages.join('\n') || null,
        },
        h('span', { class: 'value', text: row.values[c.index] ?? '' }),
        messages.length ? h('span', { class: 'visually-hidden', text: ` (error: ${messages.join(' ')})` }) : null,
        corrected.has(c.index) ? h('span', { class: 'visually-hidden', text: ' (corrected)' }) : null);
      }));
  }

  function emptyRow(text) {
    return h('tr', { class: 'grid-empty' }, h('td', { colspan: String(columns.length + 2), text }));
  }

  function countShown() {
    const n = rows.size;
    shown.textContent = n === 0 ? '' : `${n.toLocaleString()} ${n === 1 ? 'row' : 'rows'} shown${nextCursor ? '; more rows in error below.' : '.'}`;
    more.hidden = !nextCursor;
  }

  // Draws the rows of an answer in place; a row newly in error among those already loaded joins in file order.
  function applyRows(list) {
    for (const row of list) {
      const old = tbody.querySelector(`tr[data-row="${row.row}"]`);
      if (!old && (row.status !== 'error' || (nextCursor && row.row > Number(nextCursor)))) continue;
      const position = old ? items(old).indexOf(current) : -1;
      rows.set(row.row, row);
      const tr = rowElement(row);
      if (old) old.replaceWith(tr);
      else {
        $('.grid-empty', tbody)?.remove();
        const after = [...tbody.rows].find((r) => Number(r.dataset.row) > row.row);
        tbody.insertBefore(tr, after || null);
      }
      if (position >= 0) setCurrent(items(tr)[position], false);
    }
    if (!current?.isConnected) setCurrent(firstItem(), false);
    countShown();
  }

  // --- Loading pages.

  async function loadPage(first) {
    const q = query();
    const ticket = ++loading;
    if (first) {
      rows.clear();
      nextCursor = null;
      current = null;
      tbody.replaceChildren(emptyRow('Loading the rows in error…'));
      report('', '');
    }
    if (q === null) { tbody.replaceChildren(emptyRow('No rows in error left.')); countShown(); return; }
    more.disabled = true;
    let page;
    try {
      page = await api('GET', ws(`/imports/${importId}/rows?${q}&limit=${PAGE}${first ? '' : `&cursor=${encodeURIComponent(nextCursor)}`}`));
    } catch (e) {
      if (ticket === loading) { more.disabled = false; fail(e); }
      return;
    }
    if (ticket !== loading) return;
    more.disabled = false;
    if (first) tbody.replaceChildren();
    for (const row of page.rows) {
      if (rows.has(row.row)) continue;
      rows.set(row.row, row);
      tbody.append(rowElement(row));
    }
    nextCursor = page.nextCursor;
    if (rows.size === 0) tbody.replaceChildren(emptyRow('No rows in error left.'));
    if (!current?.isConnected) setCurrent(firstItem(), false);
    countShown();
  }

  // --- Keyboard: one tab stop, the arrow keys between cells.

  // A row's stops: its Skip button, its errors, its cells.
  const items = (tr) => (tr?.dataset.row ? [$('.row-skip', tr), ...tr.querySelectorAll('td')] : []);
  const firstItem = () => {
    const tr = tbody.querySelector('tr[data-row]');
    return tr ? (tr.querySelector('td.cell.invalid') || items(tr)[2] || items(tr)[0]) : null;
  };
  const rowOf = (el) => el.closest('tr');

  function setCurrent(el, focus = true) {
    if (!el) return;
    if (current && current !== el) current.tabIndex = -1;
    current = el;
    el.tabIndex = 0;
    if (focus) el.focus();
  }

  function move(el, rowStep, colStep) {
    const tr = rowOf(el);
    const list = items(tr);
    const index = list.indexOf(el);
    if (rowStep) {
      const rowsOnShow = [...tbody.querySelectorAll('tr[data-row]')];
      const target = rowsOnShow[rowsOnShow.indexOf(tr) + rowStep];
      if (target) setCurrent(items(target)[index]);
      return;
    }
    const target = list[index + colStep];
    if (target) setCurrent(target);
  }

  // Tab from a cell being saved: the next cell (or the previous with Shift), across rows.
  function neighbourCell(td, step) {
    const cells = [...tbody.querySelectorAll('td.cell')];
    return cells[cells.indexOf(td) + step] || null;
  }

  tbody.addEventListener('keydown', (e) => {
    if (editing || e.target.tagName === 'INPUT') return;
    const el = e.target.closest('td, .row-skip');
    if (!el || !tbody.contains(el)) return;
    const keys = {
      ArrowRight: () => move(el, 0, 1), ArrowLeft: () => move(el, 0, -1),
      ArrowDown: () => move(el, 1, 0), ArrowUp: () => move(el, -1, 0),
      Home: () => (e.ctrlKey ? setCurrent(firstItem()) : setCurrent(items(rowOf(el))[0])),
      End: () => {
        if (e.ctrlKey) { const all = [...tbody.querySelectorAll('tr[data-row]')]; setCurrent(items(all.at(-1)).at(-1)); } else setCurrent(items(rowOf(el)).at(-1));
      },
    };
    if (keys[e.key]) { e.preventDefault(); keys[e.key](); return; }
    if (!el.classList.contains('cell') || busy) return;
    if (e.key === 'Enter' || e.key === 'F2') { e.preventDefault(); startEdit(el); return; }
    if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) { e.preventDefault(); startEdit(el, e.key); }
  });
  tbody.addEventListener('click', (e) => {
    const el = e.target.closest('td, .row-skip');
    // A click while a cell is being saved (its edit left with the mouse) still moves the tab stop there.
    if (el && tbody.contains(el) && (!editing || editing.saving) && el !== editing?.td && rowOf(el)?.dataset.row) setCurrent(el);
  });
  tbody.addEventListener('dblclick', (e) => {
    const td = e.target.closest('td.cell');
    if (td && !editing && !busy) startEdit(td);
  });

  // --- Editing a cell.

  function startEdit(td, typed) {
    const rowNo = Number(rowOf(td).dataset.row);
    const col = Number(td.dataset.col);
    const original = rows.get(rowNo)?.values[col] ?? '';
    setCurrent(td, false);
    const input = h('input', {
      type: 'text', class: 'cell-input', autocomplete: 'off', spellcheck: 'false',
      'aria-label': `${headers[columns.findIndex((c) => c.index === col)]}, row ${rowNo}`,
    });
    input.value = typed ?? original;
    editing = { td, input, rowNo, col, original, saving: false };
    td.classList.add('editing');
    td.replaceChildren(input);
    input.focus();
    if (typed === undefined) input.select();
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { e.preventDefault(); save(0); } else if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); cancel(); } else if (e.key === 'Tab') { e.preventDefault(); save(e.shiftKey ? -1 : 1); }
    });
    input.addEventListener('blur', () => {
      // Leaving the cell keeps a change (as a spreadsheet does); one left unchanged simply ends the edit.
      if (editing?.input !== input || editing.saving) return;
      if (input.value === original) cancel(false); else save(null);
    });
  }

  // Ends the edit without saving; the cell shows its value again.
  function cancel(focus = true) {
    if (!editing) return;
    const { td, rowNo } = editing;
    editing = null;
    const tr = rowOf(td);
    const position = items(tr).indexOf(td);
    const fresh = rowElement(rows.get(rowNo));
    tr.replaceWith(fresh);
    setCurrent(items(fresh)[position], focus);
  }

  // Saves the cell being edited, then moves: 0 stays on it, 1 / -1 goes to the next / previous cell, null (the cell
  // was left with the mouse or Tab from the page) leaves the focus where it went.
  async function save(step) {
    const edit = editing;
    if (!edit || edit.saving) return;
    if (edit.input.value === edit.original) {
      const next = step ? neighbourCell(edit.td, step) : null;
      cancel(step !== null);
      if (next) setCurrent(tbody.querySelector(`tr[data-row="${rowOf(next).dataset.row}"] td.cell[data-col="${next.dataset.col}"]`));
      return;
    }
    edit.saving = true;
    edit.input.readOnly = true;
    edit.td.setAttribute('aria-busy', 'true');
    report('info', `Saving row ${edit.rowNo}…`);
    const target = step ? neighbourCell(edit.td, step) : null;
    const targetKey = target ? [rowOf(target).dataset.row, target.dataset.col] : null;
    busy = true;
    setBusy(true);
    let answer;
    try {
      answer = await api('PATCH', ws(`/imports/${importId}/rows/${edit.rowNo}`), { values: { [edit.col]: edit.input.value } });
    } catch (e) {
      busy = false;
      setBusy(false);
      edit.saving = false;
      edit.input.readOnly = false;
      edit.td.removeAttribute('aria-busy');
      edit.input.setAttribute('aria-invalid', 'true');
      fail(e);
      if (edit.input.isConnected) edit.input.focus();
      return;
    }
    busy = false;
    setBusy(false);
    editing = null;
    finish(answer, edit.rowNo);
    const cell = targetKey
      ? tbody.querySelector(`tr[data-row="${targetKey[0]}"] td.cell[data-col="${targetKey[1]}"]`)
      : tbody.querySelector(`tr[data-row="${edit.rowNo}"] td.cell[data-col="${edit.col}"]`);
    if (step !== null && cell) setCurrent(cell);
  }

  // Skips a row, or takes it back.
  async function setSkip(rowNo, skip) {
    if (busy || editing) return;
    busy = true;
    setBusy(true);
    report('info', `${skip ? 'Skipping' : 'Taking back'} row ${rowNo}…`);
    let answer;
    try {
      answer = await api('PATCH', ws(`/imports/${importId}/rows/${rowNo}`), { skip });
    } catch (e) {
      fail(e);
      return;
    } finally {
      busy = false;
      setBusy(false);
    }
    finish(answer, rowNo);
    const button = tbody.querySelector(`tr[data-row="${rowNo}"] .row-skip`);
    if (button) setCurrent(button);
  }

  // A correction's answer: its rows drawn again (all of them, when the server listed too many to answer), the
  // outcome announced, the counts handed on.
  function finish(answer, rowNo) {
    const changed = answer.rows?.length ? answer.rows : (answer.row ? [answer.row] : []);
    if (changed.length) applyRows(changed);
    onAnswer(answer);
    const row = changed.find((r) => r.row === rowNo) || rows.get(rowNo);
    const others = changed.filter((r) => r.row !== rowNo).length;
    report(row?.status === 'error' ? 'warn' : 'success',
      `${row ? rowSummary(row) : `Row ${rowNo} saved.`}${others ? ` ${others === 1 ? '1 other row' : `${others} other rows`} decided again.` : ''}`);
    if (!changed.length) loadPage(true);
  }

  return {
    element,
    load: () => loadPage(true),
    // Whether a cell is being edited or saved (a bulk fix waits for it).
    busy: () => busy || !!editing,
  };
}
