// The result of the entry just submitted (by the contestant or by the clock):
// score, right answers, time, attempts left and whether it is the one that
// counts, with "start another attempt" while attempts are left.

import { h } from '/shared/dom.js';
import { formatDuration, formatNumber } from '/shared/format.js';

export function renderResult(ctx, container) {
  const { t, state } = ctx;
  const shown = state.result;
  if (!shown) { container.replaceChildren(); return; }
  const { result, auto, number } = shown;
  const lang = ctx.i18n.lang;
  const round = state.contest?.rounds.find((r) => r.id === result.round);
  const rows = [
    ['result.correct', `${result.correct}/${result.total}`, 'result-correct'],
    ['result.duration', formatDuration(result.duration_ms, lang), 'result-duration'],
  ];
  if (result.prediction !== null && result.prediction !== undefined) {
    rows.push(['result.prediction', formatNumber(result.prediction, lang), 'result-prediction']);
  }
  rows.push(['result.attemptsLeft', String(result.attempts_left), 'result-attempts-left']);
  const canAgain = result.attempts_left > 0 && round?.status === 'open';
  container.replaceChildren(h('section', {
    class: 'card result', id: 'result', 'data-testid': 'result', 'data-status': result.status,
    'data-attempt': result.attempt, 'aria-labelledby': 'result-heading',
  },
  h('h2', { id: 'result-heading', tabindex: '-1' }, t('result.heading')),
  round ? h('p', { class: 'muted' }, number ? t('result.of', { round: round.title, n: number }) : round.title) : null,
  auto || result.status === 'expired'
    ? h('p', { class: 'notice warn', 'data-testid': 'auto-submitted' }, t('result.auto')) : null,
  h('p', { class: 'score' },
    h('span', { class: 'score-label' }, t('result.score')), ' ',
    h('span', { class: 'score-value tabular', 'data-testid': 'result-score' }, `${result.score}/${result.max_score}`)),
  h('dl', { class: 'facts' }, rows.map(([key, value, id]) => [h('dt', {}, t(key)),
    h('dd', { class: 'tabular', 'data-testid': id }, value)])),
  h('p', { class: result.best ? 'notice ok' : 'notice', 'data-testid': 'result-best', 'data-best': String(result.best) },
    t(result.best ? 'result.best' : 'result.notBest')),
  h('div', { class: 'actions' },
    canAgain ? h('button', {
      type: 'button', id: 'start-another', 'data-action': 'start', 'data-round': result.round,
      onclick: () => ctx.actions.startRound(result.round),
    }, t('round.again')) : null,
    h('button', { type: 'button', class: 'secondary', id: 'close-result', onclick: () => ctx.actions.closeResult() },
      t('result.close')))));
}
