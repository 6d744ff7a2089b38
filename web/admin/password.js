// Changing the organiser's own password (POST /api/admin/password). The
// page checks what it can first (the new password typed twice alike, at
// least 10 characters), then shows the server's refusals at their fields: a
// wrong current password, a new one it finds too short. On success the
// server has logged out every other session of the account and this tab
// carries on with the fresh token the session now holds.

import { h, clear } from '/shared/dom.js';
import { ApiError } from '/shared/http.js';
import { t, dyn, redraw } from './text.js';
import { field, tx, setError, clearError } from './form-fields.js';
import { errorText } from './errors.js';

const MIN_LENGTH = 10;

// Characters as a person counts them (code points), so "mật-khẩu" is 8.
const length = (text) => [...text].length;

export function mountPasswordForm(root, session) {
  const current = field({ label: 'password.current', type: 'password', testid: 'password-current',
    attrs: { autocomplete: 'current-password' } });
  const next = field({ label: 'password.new', type: 'password', hint: 'password.newHint', testid: 'password-new',
    attrs: { autocomplete: 'new-password' } });
  const repeat = field({ label: 'password.repeat', type: 'password', testid: 'password-repeat',
    attrs: { autocomplete: 'new-password' } });
  const message = dyn('div', { class: 'password-message', 'data-testid': 'password-message', role: 'status' }, () => null);
  const submit = tx('button', 'password.submit', { type: 'submit', 'data-testid': 'password-submit' });

  const form = h('form', { class: 'card password-card', novalidate: true, 'data-testid': 'password-form' },
    current.wrap, next.wrap, repeat.wrap, h('div', { class: 'actions' }, submit), message);
  clear(root).append(
    tx('h2', 'password.heading', { id: 'password-heading', tabindex: '-1' }),
    tx('p', 'password.intro', { class: 'muted' }),
    form);

  // make() builds the text, so a language switch re-translates it.
  function showMessage(kind, make) {
    redraw(message, make ? () => h('p', { class: `notice ${kind}` }, make()) : () => null);
  }

  // The first problem found in the form, at its field; null when none.
  function check() {
    if (!current.input.value) return [current.input, t('login.required')];
    if (length(next.input.value) < MIN_LENGTH) return [next.input, t('password.tooShort')];
    if (repeat.input.value !== next.input.value) return [repeat.input, t('password.mismatch')];
    return null;
  }

  function refused(error) {
    if (error instanceof ApiError && error.code === 'invalid_credentials') {
      setError(current.input, t('password.wrongCurrent'));
      current.input.select();
      return;
    }
    // A 422 names the field "new": what the server checks of the new
    // password is its length.
    if (error instanceof ApiError && error.status === 422) {
      setError(next.input, t('password.tooShort'));
      next.input.focus();
      return;
    }
    showMessage('error', () => errorText(error));
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const f of [current, next, repeat]) clearError(f.input);
    showMessage();
    const problem = check();
    if (problem) {
      const [input, text] = problem;
      setError(input, text);
      input.focus();
      return;
    }
    submit.disabled = true;
    try {
      await session.changePassword(current.input.value, next.input.value);
      for (const f of [current, next, repeat]) f.input.value = '';
      showMessage('ok', () => t('password.changed'));
    } catch (error) {
      // A 401 other than a wrong password has ended the session already;
      // the login form says why.
      if (session.signedIn) refused(error);
    } finally {
      submit.disabled = false;
    }
  });

  return {
    // Called when the view is shown: a fresh form, the focus in its first field.
    show() {
      for (const f of [current, next, repeat]) { clearError(f.input); f.input.value = ''; }
      showMessage();
    },
  };
}
