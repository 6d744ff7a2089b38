// The organiser dashboard (/admin/): login, question banks, creating
// contests, running their rounds, changing one's password, and for an
// admin the organiser accounts; the tabs and buttons follow the role
// (access.js). The views
// are plain sections switched by the URL's hash (#banks, #new-contest,
// #contests/<id>, #account), so a reload or the Back button keeps the
// organiser where they were.

import { h, $, $$ } from '/shared/dom.js';
import { i18n, t } from './text.js';
import { createSession } from './session.js';
import { mountLogin } from './login.js';
import { createBankStore, mountBankList } from './banks.js';
import { mountBankUpload } from './bank-upload.js';
import { mountContestForm } from './contest-form.js';
import { mountContests } from './contests.js';
import { mountPasswordForm } from './password.js';
import { tx } from './form-fields.js';
import { viewsFor, isAdmin } from './access.js';
import { mountUsers } from './users.js';

const session = createSession();
const banks = createBankStore(session);

const loginView = $('#login-view');
const dashboard = $('#dashboard');
const login = mountLogin(loginView, session);

// The bank view: the upload form first (what an organiser comes to do),
// then what is stored.
const bankView = $('#view-banks');
const uploadBox = h('div');
const listBox = h('div');
bankView.append(tx('h2', 'banks.heading', { id: 'banks-heading', tabindex: '-1' }), uploadBox, listBox);
mountBankUpload(uploadBox, session, banks);
mountBankList(listBox, banks, session);

const contests = mountContests($('#view-contests'), session);
mountContestForm($('#view-new-contest'), session, banks, () => contests.reload());
const password = mountPasswordForm($('#view-account'), session);
// An admin's account view also holds the organiser accounts.
const users = mountUsers($('#view-account'), session);

// The views the organiser's role has (a viewer: contests and the account).
function currentView() {
  const views = viewsFor(session.access);
  const [view, arg] = location.hash.replace(/^#/, '').split('/');
  return { view: views.includes(view) ? view : views[0], arg: arg ? decodeURIComponent(arg) : null };
}

// The tabs and the name in the header follow the role.
function showAccess() {
  const views = viewsFor(session.access);
  for (const link of $$('.tabs a')) link.hidden = !views.includes(link.dataset.view);
  $('#whoami').textContent = session.username;
  const role = $('#whoami-role');
  role.hidden = !session.access;
  if (session.access) {
    role.dataset.role = session.access.role;
    role.textContent = t(`role.${session.access.role}`);
  }
}

function showView({ moveFocus = false } = {}) {
  if (!session.signedIn) return;
  const { view, arg } = currentView();
  for (const panel of $$('[data-panel]')) panel.hidden = panel.dataset.panel !== view;
  for (const link of [...$$('.tabs a'), $('#account-link')]) {
    if (link.dataset.view === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (view === 'contests') contests.show(arg);
  else contests.hide();
  if (view === 'new-contest' || view === 'banks') banks.refresh();
  if (view === 'account') {
    password.show();
    users.show(isAdmin(session.access));
  }
  // Moving between views by the tabs: put the keyboard and screen reader
  // at the new view's heading.
  if (moveFocus) $(`[data-panel="${view}"] h2`)?.focus();
}

// reason: 'login' (the role was read a moment ago) or none (a page load).
function showSignedIn(reason) {
  loginView.hidden = true;
  dashboard.hidden = false;
  $('#logout').hidden = false;
  $('#account-link').hidden = false;
  $('#whoami').hidden = false;
  showAccess();
  // A login has read the role already (session.login); a page load shows
  // the stored one at once, or waits for /me when there is none, so nobody
  // is shown a tab their role does not have.
  if (session.access || reason === 'login') showView();
  if (reason === 'login') return;
  // On a page load, the role as it is now: it may have changed since the login.
  session.loadAccess().then(() => {
    if (!session.signedIn) return;
    showAccess();
    showView();
  }, () => {
    // A 401 has ended the session; otherwise the stored role stands, or
    // without one the views every role has.
    if (session.signedIn && !session.access) showView();
  });
}

function showLogin(reason) {
  contests.hide();
  dashboard.hidden = true;
  $('#logout').hidden = true;
  $('#account-link').hidden = true;
  $('#whoami').hidden = true;
  $('#whoami-role').hidden = true;
  loginView.hidden = false;
  login.show(reason);
}

session.onChange((state, reason) => {
  if (state) showSignedIn(reason);
  else showLogin(reason);
});

$('#logout').addEventListener('click', () => session.logout());
window.addEventListener('hashchange', () => showView({ moveFocus: true }));

// The language switch names the other language, in that language.
const langButton = $('#lang');
function labelLang() {
  const other = i18n.lang === 'vi' ? 'en' : 'vi';
  langButton.textContent = other === 'en' ? 'English' : 'Tiếng Việt';
  langButton.lang = other;
}
langButton.addEventListener('click', () => i18n.toggle());
i18n.onChange(labelLang);
i18n.onChange(() => { if (session.signedIn) showAccess(); });

i18n.apply();
labelLang();
if (session.signedIn) showSignedIn();
else showLogin(null);
