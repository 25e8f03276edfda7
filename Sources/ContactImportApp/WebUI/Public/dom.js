// Small shared DOM helpers: h() builds elements (user data only ever enters the page as text, never as HTML),
// $ and main() find them, nextId() makes unique ids for label/for pairs, and a few common bits of page:
// the toast, status and error messages, dates, tag chips, labelled fields, a value shown once with its Copy button,
// and the confirmation dialog asked before removing something.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}
export const $ = (selector, root = document) => root.querySelector(selector);
export const main = () => $('#main');
let uid = 0;
export const nextId = (prefix) => `${prefix}-${++uid}`;

export function toast(text) {
  const el = $('#toast');
  el.textContent = text;
  el.classList.add('show');
  setTimeout(() => el.classList.remove('show'), 3500);
}

export function message(kind, text) {
  return h('p', { class: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

export function formatDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

// Tags as chips, separated by spaces so their text reads as separate words.
export function tagList(tags) {
  return (tags || []).flatMap((t, i) => (i ? [' ', h('span', { class: 'tag', text: t })] : [h('span', { class: 'tag', text: t })]));
}

// A labelled form field: the label, the control and, when given, a hint the control is described by.
export function field(label, control, hint) {
  const hintId = hint ? `${control.id}-hint` : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field' }, h('label', { for: control.id, text: label }), control,
    hint ? h('p', { class: 'hint', id: hintId, text: hint }) : null);
}

// The sentence refusing a new password and its confirmation, or null when they will do (the server checks too).
export function newPasswordProblem(password, confirmation) {
  if (password.length < 8) return 'Choose a password of at least 8 characters.';
  if (password !== confirmation) return 'The two passwords differ: type the same password twice.';
  return null;
}

// A secret shown once (a password-reset link, an API token): read-only in a labelled field, with a Copy button and
// a note saying how long it works.
export function secretBox({ id, label, value, note }) {
  const input = h('input', { type: 'text', id, value, readonly: true, spellcheck: 'false', autocomplete: 'off', class: 'secret-value' });
  const copied = h('span', { class: 'hint', 'aria-live': 'polite' });
  const copy = async () => {
    input.focus();
    input.select();
    let done = false;
    try { await navigator.clipboard.writeText(value); done = true; } catch { done = document.execCommand('copy'); }
    copied.textContent = done ? 'Copied.' : 'Select the text and copy it.';
  };
  return h('div', { class: 'secret' },
    h('label', { for: id, class: 'label', text: label }),
    h('div', { class: 'secret-row' }, input, h('button', { type: 'button', id: `${id}-copy`, text: 'Copy', onclick: copy })),
    h('p', { class: 'hint' }, h('strong', { text: note }), ' ', copied));
}

// Asks before something is removed: resolves true when the person confirms, false on Cancel or Escape.
export function confirmDialog(question, confirmLabel) {
  return new Promise((resolve) => {
    const textId = nextId('confirm-text');
    const dialog = h('dialog', { id: 'confirm-dialog', 'aria-labelledby': textId },
      h('form', { method: 'dialog' },
        h('p', { id: textId, text: question }),
        h('div', { class: 'actions' },
          h('button', { type: 'submit', value: 'cancel', id: 'confirm-cancel', text: 'Cancel' }),
          h('button', { type: 'submit', value: 'ok', class: 'primary danger', id: 'confirm-ok', text: confirmLabel }))));
    dialog.addEventListener('close', () => { resolve(dialog.returnValue === 'ok'); dialog.remove(); });
    document.body.append(dialog);
    dialog.showModal();
  });
}
