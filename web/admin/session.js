// The organiser's session: the token from POST /api/admin/login, kept in
// sessionStorage so it dies with the tab (an organiser's token opens
// everyone's contact details; it should not outlive the browser window).
// Every admin call goes through call()/fetchFile(), so a 401 anywhere (token
// expired, revoked, or the store lost it) ends the session in one place and
// sends the organiser back to the login form with a message.

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
    onChange(fn) { listeners.push(fn); },

    async login(username, password) {
      const reply = await api('/api/admin/login', { method: 'POST', body: { username, password } });
      current = { token: reply.token, username: reply.username || username, expires_at: reply.expires_at };
      sessionStorage.setItem(KEY, JSON.stringify(current));
      notify('login');
      return current;
    },

    // reason: 'logout' (the organiser asked) or 'expired' (the server said 401).
    end(reason = 'logout') {
      if (!current) return;
      current = null;
      sessionStorage.removeItem(KEY);
      notify(reason);
    },

    async call(path, options = {}) {
      if (!current) throw new ApiError(401, { code: 'unauthorized', message: 'not signed in' });
      try {
        return await api(path, { ...options, token: current.token });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) session.end('expired');
        throw error;
      }
    },

    async fetchFile(path, filename) {
      if (!current) throw new ApiError(401, { code: 'unauthorized', message: 'not signed in' });
      try {
        return await download(path, current.token, filename);
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) session.end('expired');
        throw error;
      }
    },
  };
  return session;
}
