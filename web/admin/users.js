// The organiser accounts, for an admin (GET/POST /api/admin/users, POST
// /api/admin/users/{user}/role): who has which role on which contests, a
// new account, and a role change, which holds from the account's next
// request. The server checks every field; its refusal is shown at the
// field it names (details.field).

import { h, clear } from '/shared/dom.js';
import { ApiError } from '/shared/http.js';
import { t, dyn, redraw } from './text.js';
import { field, tx, setError, clearError } from './form-fields.js';
import { errorText } from './errors.js';

const ROLES = ['admin', 'organiser', 'viewer'];
const roleOptions = ROLES.map((r) => [r, `role.${r}`]);
// "a, b c" → ["a", "b", "c"]
const contestList = (text) => text.split(/[\s,]+/).filter(Boolean);
// What each field the server refuses means (its checks: docs/protocol.md).
const FIELD_ERRORS = {
  username: 'users.err.username',
  password: 'password.tooShort',
  role: 'users.err.role',
  contests: 'users.err.contests',
};

export function mountUsers(root, session) {
  let users = null;
  let loadError = null;

  const list = dyn('div', { 'data-testid': 'users-list' }, () => {
    if (loadError) return h('p', { class: 'notice error' }, errorText(loadError));
    if (!users) return h('p', { class: 'muted' }, t('common.loading'));
    return h('table', { class: 'users', 'data-testid': 'users-table' },
      h('thead', {}, h('tr', {}, tx('th', 'users.username'), tx('th', 'users.role'), tx('th', 'users.contests'), tx('th', 'users.action'))),
      h('tbody', {}, users.map(userRow)));
  });

  // One account's row: its role and contests, editable in place.
  function userRow(user) {
    const role = field({ label: 'users.role', type: 'select', options: roleOptions, value: user.role,
      testid: `user-role-${user.username}` });
    const contests = field({ label: 'users.contests', value: user.contests.join(', '),
      testid: `user-contests-${user.username}` });
    const message = h('p', { class: 'action-msg', 'aria-live': 'polite', 'data-testid': `user-msg-${user.username}` });
    const save = tx('button', 'users.save', { type: 'button', class: 'secondary small', 'data-testid': `user-save-${user.username}` });
    save.addEventListener('click', async () => {
      for (const f of [role, contests]) clearError(f.input);
      message.textContent = '';
      save.disabled = true;
      try {
        await session.call(`/api/admin/users/${encodeURIComponent(user.username)}/role`, { method: 'POST',
          body: { role: role.input.value, contests: contestList(contests.input.value) } });
        message.append(h('span', { class: 'ok-text' }, t('users.saved')));
        await load();
      } catch (error) {
        refused(error, { role, contests }, message);
      } finally {
        save.disabled = false;
      }
    });
    return h('tr', { 'data-testid': 'user-row', 'data-user': user.username },
      h('td', {}, h('code', {}, user.username)), h('td', {}, role.wrap), h('td', {}, contests.wrap),
      h('td', {}, save, message));
  }

  // The server's refusal at the field it names (in the page's language),
  // else as a message.
  function refused(error, fields, message) {
    const name = error instanceof ApiError && !Array.isArray(error.details) ? error.details.field : null;
    if (name && fields[name]) {
      setError(fields[name].input, t(FIELD_ERRORS[name] || 'error.bad_request'));
      fields[name].input.focus();
      return;
    }
    message.append(h('span', { class: 'field-error' }, errorText(error, { already_exists: 'users.err.exists' })));
  }

  const username = field({ label: 'users.username', hint: 'users.usernameHint', testid: 'new-user-username',
    attrs: { autocomplete: 'off' } });
  const password = field({ label: 'users.password', type: 'password', hint: 'password.newHint', testid: 'new-user-password',
    attrs: { autocomplete: 'new-password' } });
  const role = field({ label: 'users.role', type: 'select', options: roleOptions, value: 'organiser', testid: 'new-user-role' });
  const contests = field({ label: 'users.contests', hint: 'users.contestsHint', testid: 'new-user-contests' });
  const message = dyn('div', { 'data-testid': 'new-user-message', role: 'status' }, () => null);
  const submit = tx('button', 'users.create', { type: 'submit', 'data-testid': 'new-user-submit' });
  const form = h('form', { class: 'card', novalidate: true, 'data-testid': 'new-user-form' },
    tx('h3', 'users.newHeading'), username.wrap, password.wrap, role.wrap, contests.wrap,
    h('div', { class: 'actions' }, submit), message);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const fields = { username, password, role, contests };
    for (const f of Object.values(fields)) clearError(f.input);
    redraw(message, () => null);
    submit.disabled = true;
    try {
      const reply = await session.call('/api/admin/users', { method: 'POST', body: {
        username: username.input.value.trim(), password: password.input.value, role: role.input.value,
        contests: contestList(contests.input.value) } });
      username.input.value = '';
      password.input.value = '';
      contests.input.value = '';
      redraw(message, () => h('p', { class: 'notice ok' }, t('users.created', { name: reply.user.username })));
      await load();
    } catch (error) {
      const box = h('div');
      refused(error, fields, box);
      if (box.childNodes.length) redraw(message, () => h('p', { class: 'notice error' }, box.textContent));
    } finally {
      submit.disabled = false;
    }
  });

  const section = h('section', { class: 'users-section', 'data-testid': 'users-section', 'aria-labelledby': 'users-heading' },
    tx('h2', 'users.heading', { id: 'users-heading' }),
    tx('p', 'users.intro', { class: 'muted' }),
    list, form);

  async function load() {
    try {
      users = (await session.call('/api/admin/users')).users;
      loadError = null;
    } catch (error) {
      loadError = error;
    }
    redraw(list);
  }

  return {
    // Shown to an admin with the account view; removed for anyone else.
    show(isAdmin) {
      if (!isAdmin) { section.remove(); return; }
      if (!section.isConnected) root.append(section);
      load();
    },
  };
}
