// The round's summary: entries, entrants, perfect entries with their share,
// the prediction question with its true value, the counts by category, and
// the score bands as a bar chart. The final ranking's summary is smaller:
// how the rounds combine, entrants and ranked people overall, by category
// and per round.

import { h } from '/shared/dom.js';
import { formatNumber, formatPercent } from '/shared/format.js';
import { barChart } from './charts.js';

function stat(testid, label, value, extra) {
  return h('div', { class: 'stat' },
    h('dt', {}, label),
    h('dd', {},
      h('span', { class: 'stat-value tabular', 'data-testid': testid }, value),
      extra ? h('span', { class: 'stat-extra', 'data-testid': `${testid}-share` }, extra) : null));
}

// '>=75%' -> the dictionary key 'band_>=75'; an unknown band shows as sent.
function bandLabel(i18n, band) {
  const key = `band_${String(band).replace('%', '')}`;
  const text = i18n.t(key);
  return text === key ? band : text;
}

export function summarySection(summary, i18n) {
  const { lang } = i18n;
  const t = i18n.t;
  const num = (n) => formatNumber(n, lang);
  const perfect = summary.perfect_entries || { count: 0, share: 0 };
  const prediction = summary.prediction;

  const byCategory = h('div', { class: 'table-wrap' },
    h('table', { 'data-testid': 'by-category' },
      h('caption', { class: 'table-caption' }, t('byCategory')),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('category')),
        h('th', { scope: 'col', class: 'num' }, t('entrants')),
        h('th', { scope: 'col', class: 'num' }, t('entries')))),
      h('tbody', {}, (summary.by_category || []).map((c) => h('tr', { 'data-key': c.category },
        h('th', { scope: 'row' }, c.name || c.category),
        h('td', { class: 'num' }, num(c.entrants)),
        h('td', { class: 'num' }, num(c.entries)))))));

  const entries = summary.entries || 0;
  const bands = barChart({
    id: 'score-bands',
    caption: t('bandsCaption'),
    labelHeader: t('band'),
    valueHeader: t('bandCount'),
    rows: (summary.score_bands || []).map((b) => ({
      key: b.band,
      label: bandLabel(i18n, b.band),
      value: b.count,
      text: t('bandValue', { count: num(b.count), share: formatPercent(entries ? b.count / entries : 0, lang) }),
    })),
  });

  return [
    h('section', { class: 'block', id: 'summary', 'aria-labelledby': 'summary-heading' },
      h('h2', { id: 'summary-heading' }, t('summaryHeading')),
      h('dl', { class: 'stats' },
        stat('summary-entries', t('entries'), num(summary.entries)),
        stat('summary-entrants', t('entrants'), num(summary.entrants)),
        stat('summary-perfect', t('perfectEntries'), num(perfect.count),
          t('perfectShare', { share: formatPercent(perfect.share, lang) })),
        stat('summary-max-score', t('maxScore'), num(summary.max_score))),
      prediction ? h('div', { class: 'prediction card', 'data-testid': 'summary-prediction' },
        h('h3', {}, t('predictionHeading')),
        h('p', { class: 'prediction-prompt', 'data-testid': 'summary-prediction-prompt' }, prediction.prompt),
        h('p', { class: 'prediction-answer' }, `${t('trueValue')}: `,
          h('strong', { class: 'tabular', 'data-testid': 'summary-true-value' },
            prediction.true_value === null || prediction.true_value === undefined ? '—' : num(prediction.true_value))))
        : null,
      byCategory),
    h('section', { class: 'block', id: 'bands', 'aria-labelledby': 'bands-heading' },
      h('h2', { id: 'bands-heading' }, t('bandsHeading')),
      bands),
  ];
}

// 'sum' -> "Tổng điểm các kỳ", 'best' with best: 2 -> "2 kỳ cao nhất".
export function combineText(final, i18n) {
  const combine = final?.combine || 'sum';
  return i18n.t(`combine_${combine}`, { n: formatNumber(final?.best, i18n.lang) });
}

// final: the final's description ({title, rounds, combine, best, min_rounds});
// summary: {entrants, ranked, by_category, rounds: [{round, title, entrants}], max_score}.
export function finalSummarySection(final, summary, i18n) {
  const { lang } = i18n;
  const t = i18n.t;
  const num = (n) => formatNumber(n, lang);
  const rounds = summary.rounds || [];
  const minRounds = final?.min_rounds ?? 1;
  const table = (testid, caption, headers, rows) => h('div', { class: 'table-wrap' },
    h('table', { 'data-testid': testid },
      h('caption', { class: 'table-caption' }, caption),
      h('thead', {}, h('tr', {}, headers.map((label, i) => h('th', { scope: 'col', class: i ? 'num' : null }, label)))),
      h('tbody', {}, rows.map(([key, label, ...values]) => h('tr', { 'data-key': key },
        h('th', { scope: 'row' }, label),
        values.map((v) => h('td', { class: 'num' }, num(v))))))));

  return h('section', { class: 'block', id: 'summary', 'aria-labelledby': 'summary-heading' },
    h('h2', { id: 'summary-heading' }, t('summaryHeading')),
    h('p', { class: 'final-rule', 'data-testid': 'final-rule' },
      `${t('combineLabel')}: `, h('strong', { 'data-testid': 'final-combine' }, combineText(final, i18n)), '. ',
      t('finalRounds', { rounds: rounds.map((r) => r.title || r.round).join(', ') }),
      minRounds > 1 ? ` ${t('minRounds', { n: num(minRounds) })}` : null),
    h('dl', { class: 'stats' },
      stat('summary-entrants', t('entrants'), num(summary.entrants)),
      stat('summary-ranked', t('ranked'), num(summary.ranked)),
      stat('summary-rounds', t('roundsCounted'), num(rounds.length)),
      stat('summary-max-score', t('maxScore'), num(summary.max_score))),
    table('by-category', t('byCategory'), [t('category'), t('entrants'), t('ranked')],
      (summary.by_category || []).map((c) => [c.category, c.name || c.category, c.entrants, c.ranked])),
    table('final-rounds', t('roundEntrantsCaption'), [t('roundLabel'), t('entrants')],
      rounds.map((r) => [r.round, r.title || r.round, r.entrants])));
}
