// The list of contests (GET /api/contests) with each round's window and a
// live countdown; choosing one goes to /?contest=<id>, which the app keeps.

import { h } from '/shared/dom.js';
import { roundTiming } from './rounds.js';

export function renderContestList(ctx, container) {
  const { t, state } = ctx;
  const parts = [h('h2', { id: 'list-heading', tabindex: '-1' }, t('list.heading'))];
  if (state.contestMissing) parts.push(h('p', { class: 'notice error', role: 'alert' }, t('contest.notFound')));
  if (state.listError) parts.push(h('p', { class: 'notice error', role: 'alert' }, state.listError));
  if (state.contests === null && !state.listError) parts.push(h('p', { class: 'muted' }, t('loading')));
  else if (state.contests && state.contests.length === 0) parts.push(h('p', {}, t('list.empty')));
  for (const contest of state.contests || []) {
    parts.push(h('article', {
      class: 'card contest', 'data-testid': 'contest-card', 'data-contest': contest.id,
      'aria-labelledby': `contest-title-${contest.id}`,
    },
    h('h3', { id: `contest-title-${contest.id}` }, contest.title),
    h('h4', { class: 'visually-hidden' }, t('list.rounds')),
    h('ul', { class: 'round-list' }, contest.rounds.map((round) => h('li', { 'data-round': round.id },
      h('strong', {}, round.title), roundTiming(ctx, round, () => ctx.actions.statusMayHaveChanged())))),
    h('a', { class: 'button', href: `/?contest=${encodeURIComponent(contest.id)}`, 'data-testid': 'enter-contest' },
      t('list.enter'))));
  }
  container.replaceChildren(...parts);
}
