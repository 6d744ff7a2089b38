// Who is at the keyboard: a greeting with log-out for a participant, or the
// registration and login forms (built once, so typed values survive a
// language switch or a push that redraws the page).

import { h } from '/shared/dom.js';
import { buildRegisterForm } from './register.js';
import { buildLoginForm } from './login.js';

export function renderAccount(ctx, container) {
  const { t, state } = ctx;
  const p = state.participant;
  const key = p ? `p:${p.id}:${ctx.i18n.lang}` : `auth:${state.authTab}`;
  if (container.dataset.key === key) return;
  container.dataset.key = key;
  if (p) {
    container.replaceChildren(h('section', { class: 'card hello', 'data-testid': 'hello', 'aria-labelledby': 'hello-title' },
      h('h2', { id: 'hello-title', tabindex: '-1' }, `${t('hello')} `,
        h('span', { 'data-testid': 'participant-name' }, p.name)),
      h('p', { class: 'muted' }, t('hello.unit', { unit: ctx.unitName(p.unit) }), h('br'),
        t('hello.category', { category: ctx.categoryName(p.category) })),
      h('button', { type: 'button', class: 'secondary', id: 'logout', onclick: () => ctx.actions.logout() },
        t('logout'))));
    return;
  }
  if (!state.contest?.units) { container.replaceChildren(); delete container.dataset.key; return; }
  ctx.forms ||= { register: buildRegisterForm(ctx), login: buildLoginForm(ctx) };
  // Both forms stay in the page, the other one hidden, so each tab's
  // aria-controls names an element that exists.
  ctx.forms.register.hidden = state.authTab !== 'register';
  ctx.forms.login.hidden = state.authTab !== 'login';
  const tab = (name, label) => h('button', {
    type: 'button', class: 'tab', id: `tab-${name}`, 'aria-pressed': String(state.authTab === name),
    'aria-controls': `${name}-form`, 'data-i18n': label, onclick: () => ctx.actions.showAuthTab(name),
  }, t(label));
  container.replaceChildren(h('section', { class: 'card auth', 'aria-labelledby': 'auth-title' },
    h('h2', { id: 'auth-title', 'data-i18n': 'auth.heading' }, t('auth.heading')),
    h('div', { class: 'tabs', role: 'group', 'aria-label': t('auth.tabs'), 'data-i18n-attr': 'aria-label:auth.tabs' },
      tab('register', 'auth.register'), tab('login', 'auth.login')),
    ctx.forms.register, ctx.forms.login));
}
