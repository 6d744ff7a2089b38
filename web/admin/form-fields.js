// Labelled inputs with their own hint and error line, so every form on the
// dashboard links errors to inputs the same way (aria-invalid plus
// aria-describedby naming the error text) and a field can be found again
// from a server error.

import { h } from '/shared/dom.js';
import { t } from './text.js';

let seq = 0;
export const uid = (prefix = 'f') => `${prefix}-${++seq}`;

// A translated text node holder: the i18n layer re-translates it on a
// language switch because it carries data-i18n.
export function tx(tag, key, attrs = {}, vars) {
  return h(tag, { ...attrs, 'data-i18n': vars ? null : key }, t(key, vars));
}

// field({label: 'form.id', type, value, hint: 'form.idHint', options: [[value, key]], attrs})
// -> {wrap, input}. `label` and `hint` are dictionary keys; `labelText`
// gives a label that is data (a topic's name) instead.
export function field({ label, labelText, type = 'text', value, hint, options, attrs = {}, testid, className }) {
  const id = uid('in');
  let input;
  if (type === 'select') {
    input = h('select', { id, ...attrs }, (options || []).map(([v, key, plain]) =>
      h('option', { value: v, 'data-i18n': plain ? null : key }, plain ? key : t(key))));
    if (value !== undefined) input.value = value;
  } else if (type === 'textarea') {
    input = h('textarea', { id, ...attrs });
    if (value !== undefined) input.value = value;
  } else {
    input = h('input', { id, type, ...attrs });
    if (value !== undefined && value !== null) input.value = value;
  }
  if (testid) input.dataset.testid = testid;
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  input.dataset.errorId = errorId;
  if (hintId) {
    input.dataset.hintId = hintId;
    input.setAttribute('aria-describedby', hintId);
  }
  const labelEl = labelText !== undefined
    ? h('label', { for: id }, labelText)
    : h('label', { for: id, 'data-i18n': label }, t(label));
  const wrap = h('div', { class: `field${className ? ` ${className}` : ''}` },
    labelEl, input,
    hint ? h('p', { class: 'hint', id: hintId, 'data-i18n': hint }, t(hint)) : null,
    h('p', { class: 'field-error', id: errorId, hidden: true, 'data-testid': 'field-error' }));
  return { wrap, input, labelEl };
}

export function checkbox({ label, checked = false, testid }) {
  const id = uid('cb');
  const input = h('input', { id, type: 'checkbox', 'data-testid': testid });
  input.checked = checked;
  const wrap = h('div', { class: 'field checkbox' }, input, h('label', { for: id, 'data-i18n': label }, t(label)));
  return { wrap, input };
}

export function setError(input, message) {
  const error = document.getElementById(input.dataset.errorId);
  if (!error) return;
  error.textContent = error.hidden ? message : `${error.textContent} ${message}`;
  error.hidden = false;
  input.setAttribute('aria-invalid', 'true');
  const described = [input.dataset.hintId, input.dataset.errorId].filter(Boolean).join(' ');
  input.setAttribute('aria-describedby', described);
}

export function clearError(input) {
  const error = document.getElementById(input.dataset.errorId);
  if (error) { error.textContent = ''; error.hidden = true; }
  input.removeAttribute('aria-invalid');
  if (input.dataset.hintId) input.setAttribute('aria-describedby', input.dataset.hintId);
  else input.removeAttribute('aria-describedby');
}

// A group (fieldset) error line, for problems that belong to a list or a
// round rather than to one input.
export function groupError() {
  return h('p', { class: 'field-error', hidden: true, 'data-testid': 'group-error' });
}

export function setGroupError(el, message) {
  el.textContent = el.hidden ? message : `${el.textContent} ${message}`;
  el.hidden = false;
}

export function clearGroupError(el) { el.textContent = ''; el.hidden = true; }

// The visible label of an input, for an error summary ("Kỳ 1 › Số câu hỏi").
export function labelOf(input) {
  const label = input.id ? document.querySelector(`label[for="${input.id}"]`) : null;
  return label ? label.textContent.trim() : '';
}
