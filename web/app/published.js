// A round's published results on the contestant page: the summary, the
// winners by category (phones masked by the server) and the contestant's own
// line, with a link to the full public results page.

import { h } from '/shared/dom.js';
import { formatDuration, formatNumber, formatPercent } from '/shared/format.js';

export function renderPublished(ctx, round, results) {
  const { t } = ctx;
  const lang = ctx.i18n.lang;
  const summary = results.summary || {};
  const headingId = `published-${round.id}`;
  const stats = [
    ['published.entries', formatNumber(summary.entries, lang)],
    ['published.entrants', formatNumber(summary.entrants, lang)],
  ];
  if (summary.perfect_entries) {
    stats.push(['published.perfect',
      `${formatNumber(summary.perfect_entries.count, lang)} (${formatPercent(summary.perfect_entries.share, lang)})`]);
  }
  if (summary.prediction && summary.prediction.true_value !== null && summary.prediction.true_value !== undefined) {
    stats.push(['published.trueValue', formatNumber(summary.prediction.true_value, lang)]);
  }
  return h('section', {
    class: 'published', 'data-testid': 'round-results', 'data-round': round.id, 'aria-labelledby': headingId,
  },
  h('h4', { id: headingId }, t('published.heading', { round: round.title })),
  results.you ? youLine(ctx, results.you) : null,
  h('dl', { class: 'facts' }, stats.map(([key, value]) => [h('dt', {}, t(key)), h('dd', { class: 'tabular' }, value)])),
  winners(ctx, results.winners || []),
  h('p', {}, h('a', {
    href: `/results/?contest=${encodeURIComponent(ctx.state.contestId)}&round=${encodeURIComponent(round.id)}`,
    'data-testid': 'results-link',
  }, t('published.link'))));
}

function youLine(ctx, you) {
  const { t } = ctx;
  const lang = ctx.i18n.lang;
  return h('div', { class: 'you', 'data-testid': 'results-you' },
    h('strong', {}, `${t('published.you')}: `),
    h('span', { 'data-testid': 'results-you-rank' }, t('published.youRank', { rank: you.rank })), ' · ',
    h('span', { 'data-testid': 'results-you-score' }, t('published.youScore', { score: you.score, max: you.max_score })),
    you.duration_ms !== null && you.duration_ms !== undefined ? ` · ${formatDuration(you.duration_ms, lang)}` : null,
    you.prize ? [' · ', h('strong', { 'data-testid': 'results-you-prize' }, t('published.youPrize', { prize: you.prize }))] : null);
}

function winners(ctx, list) {
  const { t } = ctx;
  const lang = ctx.i18n.lang;
  const parts = [h('h5', {}, t('published.winners'))];
  if (list.length === 0) return [...parts, h('p', { class: 'muted' }, t('published.noWinners'))];
  // Group by category in the order the server lists them (by prize).
  const groups = new Map();
  for (const w of list) {
    if (!groups.has(w.category)) groups.set(w.category, { name: w.category_name || w.category, rows: [] });
    groups.get(w.category).rows.push(w);
  }
  for (const [category, group] of groups) {
    parts.push(h('div', { class: 'winners', 'data-category': category },
      h('h6', {}, group.name),
      h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('col.prize')), h('th', { scope: 'col' }, t('col.name')),
          h('th', { scope: 'col', class: 'num' }, t('col.score')), h('th', { scope: 'col' }, t('col.phone')))),
        h('tbody', {}, group.rows.map((w) => h('tr', {},
          h('td', {}, w.prize),
          h('td', {}, h('span', { class: 'winner-name' }, w.name), h('br'), h('span', { class: 'muted' }, w.unit_name || w.unit)),
          h('td', { class: 'num' }, `${w.score}/${w.max_score}`, h('br'),
            h('span', { class: 'muted' }, formatDuration(w.duration_ms, lang))),
          h('td', { class: 'tabular' }, w.phone))))))));
  }
  return parts;
}
