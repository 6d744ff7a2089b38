// Labelled inputs with a hint and an error slot linked by aria-describedby;
// errors are shown by dictionary key (data-i18n) so a language switch
// translates them in place without losing what was typed.

import { h } from '/shared/dom.js';

export function field(ctx, prefix, spec) {
  const { t } = ctx;
  const id = `${prefix}-${spec.name}`;
  const describedBy = [spec.hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
  let control;
  if (spec.options) {
    control = h('select', { id, name: spec.name, 'aria-describedby': describedBy, autocomplete: spec.autocomplete },
      h('option', { value: '', 'data-i18n': 'select.choose' }, t('select.choose')),
      spec.options.map((o) => h('option', { value: o.id }, o.name)));
  } else {
    control = h('input', {
      id, name: spec.name, type: spec.type || 'text', autocomplete: spec.autocomplete, inputmode: spec.inputmode,
      'aria-describedby': describedBy, spellcheck: spec.type === 'text' ? 'false' : null,
    });
  }
  return h('div', { class: 'field', 'data-field': spec.name },
    h('label', { for: id, 'data-i18n': spec.label }, t(spec.label)),
    control,
    spec.hint ? h('p', { class: 'hint', id: `${id}-hint`, 'data-i18n': spec.hint }, t(spec.hint)) : null,
    h('p', { class: 'field-error', id: `${id}-error`, 'data-testid': `${id}-error` }));
}

export function setFieldError(ctx, form, prefix, name, key) {
  const control = form.querySelector(`#${prefix}-${name}`);
  const slot = form.querySelector(`#${prefix}-${name}-error`);
  if (!control || !slot) return false;
  control.setAttribute('aria-invalid', 'true');
  slot.dataset.i18n = key;
  slot.textContent = ctx.t(key);
  return true;
}

export function clearFieldErrors(form) {
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const el of form.querySelectorAll('.field-error')) { delete el.dataset.i18n; el.textContent = ''; }
}
