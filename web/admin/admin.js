// The organiser dashboard (/admin/): login, question banks, creating
// contests, running their rounds, and changing one's password. The views
// are plain sections switched by the URL's hash (#banks, #new-contest,
// #contests/<id>, #account), so a reload or the Back button keeps the
// organiser where they were.

import { h, $, $$ } from '/shared/dom.js';
import { i18n } from './text.js';
import { createSession } from './session.js';
import { mountLogin } from './login.js';
import { createBankStore, mountBankList } from './banks.js';
import { mountBankUpload } from './bank-upload.js';
import { mountContestForm } from './contest-form.js';
import { mountContests } from './contests.js';
import { mountPasswordForm } from './password.js';
import { tx } from './form-fields.js';

const VIEWS = ['banks', 'new-contest', 'contests', 'account'];

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

function currentView() {
  const [view, arg] = location.hash.replace(/^#/, '').split('/');
  return { view: VIEWS.includes(view) ? view : 'banks', arg: arg ? decodeURIComponent(arg) : null };
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
  if (view === 'account') password.show();
  // Moving between views by the tabs: put the keyboard and screen reader
  // at the new view's heading.
  if (moveFocus) $(`[data-panel="${view}"] h2`)?.focus();
}

function showSignedIn() {
  loginView.hidden = true;
  dashboard.hidden = false;
  $('#logout').hidden = false;
  $('#account-link').hidden = false;
  const who = $('#whoami');
  who.hidden = false;
  who.textContent = session.username;
  showView();
}

function showLogin(reason) {
  contests.hide();
  dashboard.hidden = true;
  $('#logout').hidden = true;
  $('#account-link').hidden = true;
  $('#whoami').hidden = true;
  loginView.hidden = false;
  login.show(reason);
}

session.onChange((state, reason) => {
  if (state) showSignedIn();
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

i18n.apply();
labelLang();
if (session.signedIn) showSignedIn();
else showLogin(null);
