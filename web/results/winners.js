// The winners, grouped by category (contest order) then prize (first to
// last), and the collective prizes. A winner shows exactly what the public
// results carry: name, unit, score, time, prediction and the phone masked by
// the server (never anything else about the person). A winner of the final
// ranking across rounds shows their rank in it, the combined score, the
// rounds they entered and their total time instead.

import { h } from '/shared/dom.js';
import { formatDuration, formatNumber, formatPercent } from '/shared/format.js';
import { groupWinners } from './prizes.js';

function fact(label, value, testid) {
  return h('div', { class: 'fact' }, h('dt', {}, label), h('dd', { 'data-testid': testid }, value));
}

function roundFacts(w, i18n) {
  const { lang } = i18n;
  const t = i18n.t;
  return [
    fact(t('score'), t('scoreValue', { score: formatNumber(w.score, lang), max: formatNumber(w.max_score, lang) }), 'winner-score'),
    fact(t('duration'), formatDuration(w.duration_ms, lang), 'winner-duration'),
    fact(t('prediction'), w.prediction === null || w.prediction === undefined ? '—' : formatNumber(w.prediction, lang), 'winner-prediction'),
    fact(t('phone'), w.phone || '—', 'winner-phone'),
  ];
}

function finalFacts(w, i18n) {
  const { lang } = i18n;
  const t = i18n.t;
  return [
    fact(t('finalRank'), formatNumber(w.rank, lang), 'winner-rank'),
    fact(t('score'), t('scoreValue', { score: formatNumber(w.score, lang), max: formatNumber(w.max_score, lang) }), 'winner-score'),
    fact(t('roundsEntered'), formatNumber(w.rounds_entered, lang), 'winner-rounds'),
    fact(t('totalDuration'), formatDuration(w.duration_ms, lang), 'winner-duration'),
    fact(t('phone'), w.phone || '—', 'winner-phone'),
  ];
}

function winnerItem(w, i18n, facts) {
  return h('li', { class: 'winner', 'data-testid': 'winner', 'data-rank': w.rank },
    h('p', { class: 'winner-name', 'data-testid': 'winner-name' }, w.name),
    h('p', { class: 'winner-unit', 'data-testid': 'winner-unit' }, w.unit_name || w.unit),
    h('dl', { class: 'winner-facts' }, facts(w, i18n)));
}

// round: one of the view's rounds, or the final's choice (final.js).
export function winnersSection(contest, round, winners, i18n) {
  const t = i18n.t;
  const groups = groupWinners(contest, round, winners || []);
  const facts = round?.final ? finalFacts : roundFacts;
  return h('section', { class: 'block', id: 'winners', 'data-testid': 'winners', 'aria-labelledby': 'winners-heading' },
    h('h2', { id: 'winners-heading' }, t('winnersHeading')),
    groups.length === 0 ? h('p', { class: 'muted' }, t(round?.final ? 'noFinalWinners' : 'noWinners')) : null,
    h('div', { class: 'winner-categories' }, groups.map((g) => h('section', { class: 'winner-category', 'data-testid': 'winner-category', 'data-category': g.category,
      'aria-labelledby': `cat-${g.category}` },
    h('h3', { id: `cat-${g.category}` }, g.name),
    g.prizes.map((p) => h('div', { class: 'prize-group', 'data-testid': 'prize-group', 'data-prize': p.prize },
      h('h4', {}, p.prize, ' ', h('span', { class: 'muted prize-count' }, `(${t('winnersCount', { n: p.winners.length })})`)),
      h('ul', { class: 'winner-list' }, p.winners.map((w) => winnerItem(w, i18n, facts)))))))));
}

// A collective line's figure by the measure it was won on (`metric`): a
// rate as a percentage, a count or points as a number. Documents published
// before lines named their metric are read the way they can be: equal to
// the unit's entrants it is a head count; a fraction up to 1 is a rate.
export function metricText(c, lang) {
  const v = c.metric_value;
  if (v === null || v === undefined) return '—';
  switch (c.metric) {
    case 'participation_rate': case 'quality_rate': return formatPercent(v, lang);
    case 'entrants': case 'prize_points': case 'weighted': return formatNumber(v, lang);
    default: break;
  }
  if (Number.isInteger(v) && v === c.entrants) return formatNumber(v, lang);
  if (v >= 0 && v <= 1) return formatPercent(v, lang);
  return formatNumber(v, lang);
}

// Collective prizes as cards grouped by prize, like the winners, so they
// read well on a phone: place and unit first, then the figures.
export function collectiveSection(collective, i18n) {
  const { lang } = i18n;
  const t = i18n.t;
  const rows = collective || [];
  const names = [...new Set(rows.map((c) => c.name))];
  return h('section', { class: 'block', id: 'collective', 'data-testid': 'collective', 'aria-labelledby': 'collective-heading' },
    h('h2', { id: 'collective-heading' }, t('collectiveHeading')),
    rows.length === 0 ? h('p', { class: 'muted' }, t('noCollective')) : null,
    names.map((name) => h('div', { class: 'prize-group', 'data-prize': name },
      h('h3', { class: 'collective-prize' }, name),
      h('ol', { class: 'winner-list' }, rows.filter((c) => c.name === name)
        .sort((a, b) => (a.place ?? 0) - (b.place ?? 0))
        .map((c) => h('li', { class: 'winner collective-item', 'data-testid': 'collective-item', 'data-unit': c.unit },
          h('p', { class: 'winner-name' },
            h('span', { class: 'place', 'data-testid': 'collective-place' }, t('placeValue', { place: formatNumber(c.place, lang) })),
            ' ', h('span', { 'data-testid': 'collective-unit' }, c.unit_name || c.unit)),
          h('dl', { class: 'winner-facts' },
            fact(t('metric'), metricText(c, lang), 'collective-metric'),
            fact(t('entrants'), formatNumber(c.entrants, lang), 'collective-entrants'),
            fact(t('entries'), formatNumber(c.entries, lang), 'collective-entries'))))))));
}
