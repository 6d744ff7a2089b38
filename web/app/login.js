// Log in with phone and password, e.g. on another device; the server accepts
// any spelling of the phone. A wrong pair is one message, never "which one".

import { h } from '/shared/dom.js';
import { errorText } from './errors.js';
import { field } from './form-fields.js';

export function buildLoginForm(ctx) {
  const { t, state } = ctx;
  const error = h('p', { class: 'form-summary', id: 'login-error', role: 'alert', 'data-testid': 'login-error' });
  const submit = h('button', { type: 'submit', id: 'login-submit', 'data-i18n': 'login.submit' }, t('login.submit'));
  let lastError = null;
  const form = h('form', { id: 'login-form', novalidate: true, 'aria-labelledby': 'auth-login-title' },
    h('h3', { id: 'auth-login-title', class: 'visually-hidden', 'data-i18n': 'auth.login' }, t('auth.login')),
    h('p', { class: 'hint', 'data-i18n': 'login.intro' }, t('login.intro')),
    field(ctx, 'login', { name: 'phone', label: 'login.phone', type: 'tel', autocomplete: 'tel', inputmode: 'tel' }),
    field(ctx, 'login', { name: 'password', label: 'login.password', type: 'password', autocomplete: 'current-password' }),
    error,
    h('div', { class: 'actions' }, submit));
  ctx.i18n.onChange(() => { error.textContent = lastError ? errorText(ctx.i18n, lastError) : ''; });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    lastError = null;
    error.textContent = '';
    submit.disabled = true;
    try {
      const reply = await ctx.ws.request('login', {
        contest: state.contestId, phone: form.elements.phone.value.trim(), password: form.elements.password.value,
      });
      form.reset();
      ctx.actions.loggedIn(reply);
    } catch (e) {
      lastError = e;
      error.textContent = errorText(ctx.i18n, e);
      form.elements.password.select();
      form.elements.password.focus();
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
