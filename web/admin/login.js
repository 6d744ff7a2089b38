// The login form. Wrong credentials, the rate limit and a session that the
// server ended (401 on some later call) each get their own plain message.

import { h, clear } from '/shared/dom.js';
import { t, dyn, redraw } from './text.js';
import { field, tx, setError, clearError } from './form-fields.js';
import { errorText } from './errors.js';

export function mountLogin(root, session) {
  const username = field({ label: 'login.username', attrs: { autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false' }, testid: 'login-username' });
  const password = field({ label: 'login.password', type: 'password', attrs: { autocomplete: 'current-password' }, testid: 'login-password' });
  const message = dyn('div', { class: 'login-message', 'data-testid': 'login-message', role: 'alert' }, () => null);
  const submit = tx('button', 'login.submit', { type: 'submit', 'data-testid': 'login-submit' });

  const form = h('form', { class: 'card login-card', novalidate: true, 'data-testid': 'login-form' },
    message, username.wrap, password.wrap, h('div', { class: 'actions' }, submit));

  clear(root).append(
    tx('h2', 'login.heading', { id: 'login-heading' }),
    tx('p', 'login.intro', { class: 'muted' }),
    form);

  // make() builds the text, so a language switch re-translates it.
  function showMessage(kind, make) {
    redraw(message, make ? () => h('p', { class: `notice ${kind}` }, make()) : () => null);
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError(username.input);
    clearError(password.input);
    showMessage();
    const name = username.input.value.trim();
    if (!name) { setError(username.input, t('login.required')); username.input.focus(); return; }
    if (!password.input.value) { setError(password.input, t('login.required')); password.input.focus(); return; }
    submit.disabled = true;
    try {
      await session.login(name, password.input.value);
      password.input.value = '';
    } catch (error) {
      showMessage('error', () => errorText(error));
      password.input.select();
    } finally {
      submit.disabled = false;
    }
  });

  return {
    // Called when the login view is shown; reason says why ('expired' after
    // a 401, 'logout' after the organiser's own click, or nothing).
    show(reason) {
      if (reason === 'expired') showMessage('warn', () => t('login.expired'));
      else if (reason === 'logout') showMessage('ok', () => t('login.loggedOut'));
      else showMessage();
      (username.input.value ? password.input : username.input).focus();
    },
  };
}
