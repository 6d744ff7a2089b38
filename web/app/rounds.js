// The rounds of the chosen contest: window, status, a live countdown to
// opening or closing, the contestant's standing and the button that starts
// (or resumes) an entry; published results appear inside their round.

import { h } from '/shared/dom.js';
import { formatDateTime, formatCountdown, formatDuration } from '/shared/format.js';
import { every } from './ticker.js';
import { renderPublished } from './published.js';

// The status badge, the window and the countdown: shared with the list of
// contests. onZero is called once when the countdown passes its target, so
// the page can read the new status if no push arrives.
export function roundTiming(ctx, round, onZero) {
  const { t } = ctx;
  const lang = ctx.i18n.lang;
  const countdown = h('span', { class: 'countdown tabular', 'data-testid': 'round-countdown' });
  let fired = false;
  every(countdown, () => {
    const now = ctx.now();
    let text;
    let target = null;
    if (round.status === 'upcoming') { target = round.opens_at; text = 'round.opensIn'; }
    else if (round.status === 'open') { target = round.closes_at; text = 'round.closesIn'; }
    if (target === null) {
      // The badge says "closed" already.
      countdown.textContent = '';
      return;
    }
    countdown.textContent = t(text, { time: formatCountdown(target - now, ctx.i18n.lang) });
    countdown.dataset.target = String(target);
    if (now >= target && !fired) { fired = true; onZero?.(round); }
  });
  return [
    h('p', { class: 'round-status' },
      h('span', { class: `badge status-${round.status}`, 'data-testid': 'round-status', 'data-status': round.status },
        t(`round.status.${round.status}`)),
      ' ', countdown),
    h('p', { class: 'round-window muted' },
      t('round.window', { from: formatDateTime(round.opens_at, lang), to: formatDateTime(round.closes_at, lang) })),
  ];
}

function facts(ctx, round) {
  const { t } = ctx;
  const items = [
    t('round.questions', { n: round.questions }),
    t('round.timeLimit', { time: limitText(round.time_limit_s, ctx.i18n.lang) }),
    t('round.attempts', { n: round.attempts }),
  ];
  if (round.prediction) items.push(t('round.hasPrediction'));
  return h('p', { class: 'round-facts' }, items.join(' · '));
}

function limitText(seconds, lang) {
  if (seconds % 60 === 0) return lang === 'en' ? `${seconds / 60} min` : `${seconds / 60} phút`;
  return formatDuration(seconds * 1000, lang);
}

function actions(ctx, round) {
  const { t, state } = ctx;
  if (!state.participant) {
    return round.status === 'closed' ? null : h('p', { class: 'hint' }, t('round.loginToEnter'));
  }
  const standing = state.standings[round.id];
  const parts = [];
  // Attempts are worth a line once there are some, or while one can be made.
  if (standing && (standing.attempts_used > 0 || round.status === 'open')) {
    const line = [t('round.used', { used: standing.attempts_used, total: round.attempts })];
    if (standing.counted) {
      line.push(t('round.counted', { score: standing.counted.score, max: standing.counted.max_score }));
    }
    parts.push(h('p', { class: 'standing', 'data-testid': 'round-standing' }, line.join(' · ')));
  }
  if (round.status !== 'open') return parts;
  const running = standing?.running;
  const noneLeft = standing && !running && standing.attempts_left <= 0;
  if (noneLeft) {
    parts.push(h('p', { class: 'hint' }, t('round.noAttemptsLeft')));
    return parts;
  }
  const busy = state.roundBusy[round.id];
  const label = busy ? 'round.starting' : running ? 'round.resume'
    : standing && standing.attempts_used > 0 ? 'round.again' : 'round.start';
  if (running) parts.push(h('p', { class: 'notice warn' }, t('round.running')));
  parts.push(h('button', {
    type: 'button', 'data-action': 'start', 'data-round': round.id, 'data-focus-key': `start-${round.id}`,
    disabled: busy, onclick: () => ctx.actions.startRound(round.id),
  }, t(label)));
  return parts;
}

export function renderRounds(ctx, container) {
  const { t, state } = ctx;
  const rounds = state.contest?.rounds || [];
  const cards = rounds.map((round) => {
    const error = state.roundErrors[round.id];
    const published = state.published[round.id];
    return h('article', {
      class: 'card round', 'data-testid': 'round-card', 'data-round': round.id, 'data-status': round.status,
      'aria-labelledby': `round-title-${round.id}`,
    },
    h('h3', { id: `round-title-${round.id}` }, round.title),
    roundTiming(ctx, round, () => ctx.actions.statusMayHaveChanged()),
    facts(ctx, round),
    actions(ctx, round),
    h('p', { class: 'field-error', role: 'alert', 'data-testid': 'round-error', id: `round-error-${round.id}` }, error || ''),
    published ? renderPublished(ctx, round, published) : null);
  });
  container.replaceChildren(h('h2', { id: 'rounds-heading' }, t('rounds.heading')), ...cards);
}
