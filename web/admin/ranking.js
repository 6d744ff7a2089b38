// The draft (from finalize) or published results of a round, for the
// organiser to review before publishing: the summary, the winners per
// category with their prize, collective prizes and the whole ranking with
// contact details (the organiser's view; the public page masks phones).
// With `review` (an unpublished draft, for a role that may change the
// contest) each line offers to disqualify or reinstate, and the entries
// disqualified on their own are listed with the same choice. The final
// ranking's draft (final-draft.js) shares its table pieces.

import { h } from '/shared/dom.js';
import { formatDuration, formatNumber, formatPercent } from '/shared/format.js';
import { i18n, t } from './text.js';
import { tx } from './form-fields.js';

// The page renders at most this many ranking rows; the CSV and XLSX files
// hold them all (a contest with thousands of entries would make the page
// slow on a phone and nobody reviews row 5,000 on screen).
export const SHOWN_ROWS = 500;

function names(list) { return new Map((list || []).map((x) => [x.id, x.name])); }

function score(row) { return `${formatNumber(row.score, i18n.lang)}/${formatNumber(row.max_score, i18n.lang)}`; }

// The draft's tables keep each row on one line, so on a phone (and the
// ranking even on a desktop) they scroll sideways in their box: the box is
// a named region in the Tab order, so the keyboard can reach it and scroll
// it with the arrow keys.
export function scrollBox(label, table) {
  return h('div', { class: 'table-wrap', role: 'region', tabindex: '0', 'aria-label': label }, table);
}

function reviewButton(key, testid, onclick) {
  return tx('button', key, { type: 'button', class: 'secondary small', 'data-testid': testid, onclick });
}

export function fact(key, value, testid) {
  return h('div', {}, tx('dt', key), h('dd', { 'data-testid': testid }, value));
}

// review: {disqualify(row), lift(kind, target, name)} or null.
// stale: the disqualification list changed after this draft was computed.
export function renderDraft(draft, contest, { published = false, review = null, stale = false, canFinalize = true } = {}) {
  const lang = i18n.lang;
  const unitNames = names(contest?.units);
  const categoryNames = names(contest?.categories);
  const summary = draft.summary || {};
  const prediction = summary.prediction;
  const trueValue = prediction?.true_value ?? draft.true_value;

  const facts = h('dl', { class: 'facts', 'data-testid': 'draft-summary' },
    fact('draft.entries', formatNumber(summary.entries ?? 0, lang), 'draft-entries'),
    fact('draft.entrants', formatNumber(summary.entrants ?? 0, lang), 'draft-entrants'),
    fact('draft.perfect', summary.perfect_entries
      ? `${formatNumber(summary.perfect_entries.count, lang)} (${formatPercent(summary.perfect_entries.share, lang)})` : '0', 'draft-perfect'),
    fact('draft.maxScore', formatNumber(summary.max_score ?? 0, lang), 'draft-max-score'),
    prediction ? fact('draft.trueValue', trueValue === null || trueValue === undefined ? '—' : formatNumber(trueValue, lang), 'draft-true-value') : null);

  // Winners grouped by category, in the contest's order of categories.
  const winners = draft.winners || [];
  const order = [...(contest?.categories || []).map((c) => c.id)];
  for (const w of winners) if (!order.includes(w.category)) order.push(w.category);
  const winnerSections = order.filter((c) => winners.some((w) => w.category === c)).map((category) => {
    const rows = winners.filter((w) => w.category === category);
    const name = rows[0].category_name || categoryNames.get(category) || category;
    return h('div', { class: 'winners', 'data-testid': `winners-${category}` },
      h('h5', {}, name),
      scrollBox(name, h('table', {},
        h('thead', {}, h('tr', {}, tx('th', 'draft.prize', { scope: 'col' }), tx('th', 'draft.name', { scope: 'col' }),
          tx('th', 'draft.unit', { scope: 'col' }), tx('th', 'draft.score', { scope: 'col', class: 'num' }),
          tx('th', 'draft.duration', { scope: 'col', class: 'num' }), tx('th', 'draft.prediction', { scope: 'col', class: 'num' }))),
        h('tbody', {}, rows.map((w) => h('tr', { 'data-testid': 'winner-row' },
          h('td', {}, w.prize), h('td', {}, w.name), h('td', {}, w.unit_name || unitNames.get(w.unit) || w.unit),
          h('td', { class: 'num' }, score(w)), h('td', { class: 'num' }, formatDuration(w.duration_ms, lang)),
          h('td', { class: 'num' }, w.prediction ?? '')))))));
  });

  const collective = (draft.collective || []).length ? [
    tx('h4', 'draft.collective'),
    scrollBox(t('draft.collective'), h('table', { 'data-testid': 'draft-collective' },
      h('thead', {}, h('tr', {}, tx('th', 'draft.prize', { scope: 'col' }), tx('th', 'draft.unit', { scope: 'col' }),
        tx('th', 'draft.metric', { scope: 'col', class: 'num' }), tx('th', 'draft.entrants', { scope: 'col', class: 'num' }))),
      h('tbody', {}, draft.collective.map((c) => h('tr', {},
        h('td', {}, `${c.name} — ${c.place}`), h('td', {}, c.unit_name || unitNames.get(c.unit) || c.unit),
        h('td', { class: 'num' }, formatNumber(c.metric_value, lang)), h('td', { class: 'num' }, formatNumber(c.entrants, lang))))))),
  ] : null;

  // The ranking's columns, the ones a review acts on first (score, prize,
  // disqualification and its button next to the name), so on a laptop they
  // are in view without scrolling the table sideways.
  const reviewCell = (r) => (r.disqualified
    ? reviewButton('draft.lift', 'lift-button', () => review.lift('person', r.participant, r.name))
    : reviewButton('draft.disqualify', 'disqualify-button', () => review.disqualify(r)));
  const columns = [
    { col: 'rank', key: 'draft.rank', num: true, cell: (r) => formatNumber(r.rank, lang) },
    { col: 'name', key: 'draft.name', cell: (r) => r.name },
    { col: 'score', key: 'draft.score', num: true, cell: score },
    { col: 'prize', key: 'draft.prize', cell: (r) => r.prize || '' },
    { col: 'disqualified', key: 'draft.disqualified', cell: (r) => r.disqualified || '' },
    review ? { col: 'review', key: 'draft.review', cell: reviewCell } : null,
    { col: 'unit', key: 'draft.unit', cell: (r) => unitNames.get(r.unit) || r.unit },
    { col: 'category', key: 'draft.category', cell: (r) => categoryNames.get(r.category) || r.category },
    { col: 'phone', key: 'draft.phone', cell: (r) => r.phone },
    { col: 'duration', key: 'draft.duration', num: true, cell: (r) => formatDuration(r.duration_ms, lang) },
    { col: 'prediction', key: 'draft.prediction', num: true, cell: (r) => r.prediction ?? '' },
    { col: 'excluded', key: 'draft.excluded', cell: (r) => (r.excluded ? t('draft.excludedYes') : '') },
  ].filter(Boolean);
  const ranking = draft.ranking || [];
  const shown = ranking.slice(0, SHOWN_ROWS);
  const rankingTable = scrollBox(t('draft.rankingHeading'), h('table', { class: 'ranking', 'data-testid': 'ranking-table' },
    h('caption', { class: 'visually-hidden' }, t('draft.rankingHeading')),
    h('thead', {}, h('tr', {}, columns.map((c) => tx('th', c.key, { scope: 'col', class: c.num ? 'num' : null })))),
    h('tbody', {}, shown.map((r) => h('tr', { 'data-testid': 'ranking-row', 'data-participant': r.participant, 'data-attempt': r.attempt,
      class: r.disqualified ? 'disqualified' : r.excluded ? 'excluded' : null },
      columns.map((c) => h('td', { class: c.num ? 'num' : null, 'data-col': c.col }, c.cell(r))))))));

  // Entries disqualified on their own: in no ranking line (another entry of
  // the person counts, or they do not rank), so listed here for the review.
  const dropped = draft.disqualified_entries || [];
  const droppedTable = dropped.length ? [
    tx('h4', 'draft.disqualifiedEntries'),
    scrollBox(t('draft.disqualifiedEntries'), h('table', { 'data-testid': 'disqualified-entries' },
      h('thead', {}, h('tr', {}, tx('th', 'draft.name', { scope: 'col' }), tx('th', 'draft.attempt', { scope: 'col' }),
        tx('th', 'draft.score', { scope: 'col', class: 'num' }), tx('th', 'draft.reason', { scope: 'col' }),
        review ? tx('th', 'draft.review', { scope: 'col' }) : null)),
      h('tbody', {}, dropped.map((e) => h('tr', { 'data-testid': 'disqualified-entry', 'data-attempt': e.attempt },
        h('td', {}, e.name), h('td', {}, h('code', {}, e.attempt)), h('td', { class: 'num' }, score(e)), h('td', {}, e.reason),
        review ? h('td', {}, reviewButton('draft.lift', 'lift-button', () => review.lift('entry', e.attempt, e.name))) : null))))),
  ] : null;

  return h('section', { class: 'draft', 'data-testid': published ? 'published-results' : 'draft' },
    h('h4', {}, t(published ? 'draft.publishedHeading' : 'draft.heading')),
    published ? null : h('p', { class: 'notice warn' }, t('draft.reviewNote')),
    stale && !published ? h('p', { class: 'notice error', role: 'alert', 'data-testid': 'draft-stale' }, t(canFinalize ? 'draft.stale' : 'draft.staleViewer')) : null,
    facts,
    tx('h4', 'draft.winnersHeading'),
    winnerSections.length ? winnerSections : h('p', { class: 'muted' }, t('draft.noWinners')),
    collective,
    h('h4', {}, t('draft.rankingHeading'), ' ', h('span', { class: 'muted' }, t('draft.rankingCount', { n: formatNumber(ranking.length, lang) }))),
    ranking.length ? rankingTable : h('p', { class: 'muted', 'data-testid': 'ranking-empty' }, t('draft.noEntries')),
    ranking.length > SHOWN_ROWS ? h('p', { class: 'hint' }, t('draft.moreInFiles', { shown: SHOWN_ROWS, n: formatNumber(ranking.length, lang) })) : null,
    droppedTable);
}
