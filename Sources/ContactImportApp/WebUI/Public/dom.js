// Small shared DOM helpers: h() builds elements (user data only ever enters the page as text, never as HTML),
// $ and main() find them, nextId() makes unique ids for label/for pairs, and a few common bits of page:
// the toast, status and error messages, dates, tag chips.

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
