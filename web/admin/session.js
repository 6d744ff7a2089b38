// The organiser's session: the token from POST /api/admin/login, kept in
// sessionStorage so it dies with the tab (an organiser's token opens
// everyone's contact details; it should not outlive the browser window).
// Every admin call goes through call()/fetchFile(), so a 401 anywhere (token
// expired, revoked, or the store lost it) ends the session in one place and
// sends the organiser back to the login form with a message. Logging out
// revokes the token on the server too; changing the password revokes every
// older session and hands this tab a fresh token.

import { api, download, ApiError } from '/shared/http.js';

const KEY = 'rq-admin-session';

function load() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    if (saved && typeof saved.token === 'string' && saved.token) return saved;
  } catch { /* a damaged entry is the same as none */ }
  return null;
}

export function createSession() {
  let current = load();
  const listeners = [];
  const notify = (reason) => { for (const fn of listeners) fn(current, reason); };

  const session = {
    get token() { return current?.token || null; },
    get username() { return current?.username || ''; },
    get signedIn() { return Boolean(current); },
    // The role and contests (GET /api/admin/me), null until loadAccess().
    get access() { return current?.access || null; },
    onChange(fn) { listeners.push(fn); },

    async login(username, password) {
      const reply = await api('/api/admin/login', { method: 'POST', body: { username, password } });
      current = { token: reply.token, username: reply.username || username, expires_at: reply.expires_at };
      sessionStorage.setItem(KEY, JSON.stringify(current));
      // The role before the dashboard opens, so its first view is one the
      // role has (an older gateway without /me: the views every role has).
      try { await session.loadAccess(); } catch { /* shown without a role */ }
      if (!current) return null;
      notify('login');
      return current;
    },

    // Reads the role anew (it may have changed since the login); kept with
    // the session so a reload shows the same tabs at once.
    async loadAccess() {
      const me = await session.call('/api/admin/me');
      if (!current) return null;
      current = { ...current, access: me };
      sessionStorage.setItem(KEY, JSON.stringify(current));
      return me;
    },

    // reason: 'logout' (the organiser asked) or 'expired' (the server said 401).
    end(reason = 'logout') {
      if (!current) return;
      current = null;
      sessionStorage.removeItem(KEY);
      notify(reason);
    },

    // The organiser's logout: this tab forgets the session at once, whatever
    // the server answers (a 401 means the token was gone already); the
    // returned promise settles when the server has answered.
    logout() {
      const token = current?.token;
      session.end('logout');
      if (!token) return Promise.resolve();
      return api('/api/admin/logout', { method: 'POST', token }).catch(() => { /* best effort */ });
    },

    // 401 invalid_credentials: the current password is wrong, the session is
    // fine. On success the server has revoked every older token, this one's
    // included, so the new one replaces it.
    async changePassword(currentPassword, newPassword) {
      const reply = await session.call('/api/admin/password', { method: 'POST',
        body: { current: currentPassword, new: newPassword } });
      current = { token: reply.token, username: reply.username || current?.username || '', expires_at: reply.expires_at,
        access: current?.access || null };
      sessionStorage.setItem(KEY, JSON.stringify(current));
      return current;
    },

    async call(path, options = {}) {
      if (!current) throw new ApiError(401, { code: 'unauthorized', message: 'not signed in' });
      const token = current.token;
      try {
        return await api(path, { ...options, token });
      } catch (error) {
        if (endsSession(error, token)) session.end('expired');
        throw error;
      }
    },

    async fetchFile(path, filename) {
      if (!current) throw new ApiError(401, { code: 'unauthorized', message: 'not signed in' });
      const token = current.token;
      try {
        return await download(path, token, filename);
      } catch (error) {
        if (endsSession(error, token)) session.end('expired');
        throw error;
      }
    },
  };

  // A 401 for the token in use now; not a wrong current password, nor a
  // poll sent with the token a password change has just replaced.
  function endsSession(error, token) {
    return error instanceof ApiError && error.status === 401 && error.code !== 'invalid_credentials'
      && current?.token === token;
  }

  return session;
}
