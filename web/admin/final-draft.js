// The final ranking's draft (from finalize) or published document, for the
// organiser to review before publishing: how the rounds combine, the
// counts, the winners per category with their prize, and the whole ranking
// with each person's score in every counted round. A round outside the
// best N is marked as not counted; excluded and disqualified people keep
// their line, marked, and never hold a prize. Phones are the server's: a
// viewer's arrive masked.

import { h } from '/shared/dom.js';
import { formatDuration, formatNumber } from '/shared/format.js';
import { i18n, t } from './text.js';
import { tx } from './form-fields.js';
import { SHOWN_ROWS, scrollBox, fact } from './ranking.js';

function names(list) { return new Map((list || []).map((x) => [x.id, x.name])); }

const num = (n) => formatNumber(n, i18n.lang);
const score = (x) => `${num(x.score)}/${num(x.max_score)}`;

// 'sum' -> "Tổng điểm các vòng", 'best' with best: 2 -> "2 vòng cao nhất".
export function combineText(final) {
  return t(`final.combine.${final?.combine || 'sum'}`, { n: num(final?.best) });
}

// The combination reads mid-sentence elsewhere; on its own it starts a line.
function capitalised(text) { return text.charAt(0).toLocaleUpperCase(i18n.lang) + text.slice(1); }

function winnersTables(winners, contest, unitNames) {
  const categoryNames = names(contest?.categories);
  const order = (contest?.categories || []).map((c) => c.id);
  for (const w of winners) if (!order.includes(w.category)) order.push(w.category);
  return order.filter((c) => winners.some((w) => w.category === c)).map((category) => {
    const rows = winners.filter((w) => w.category === category);
    const name = rows[0].category_name || categoryNames.get(category) || category;
    return h('div', { class: 'winners', 'data-testid': `final-winners-${category}` },
      h('h5', {}, name),
      scrollBox(name, h('table', {},
        h('thead', {}, h('tr', {}, tx('th', 'draft.prize', { scope: 'col' }), tx('th', 'draft.name', { scope: 'col' }),
          tx('th', 'draft.unit', { scope: 'col' }), tx('th', 'draft.score', { scope: 'col', class: 'num' }),
          tx('th', 'finalDraft.rounds', { scope: 'col', class: 'num' }),
          tx('th', 'finalDraft.totalDuration', { scope: 'col', class: 'num' }))),
        h('tbody', {}, rows.map((w) => h('tr', { 'data-testid': 'winner-row' },
          h('td', {}, w.prize), h('td', {}, w.name), h('td', {}, w.unit_name || unitNames.get(w.unit) || w.unit),
          h('td', { class: 'num' }, score(w)), h('td', { class: 'num' }, num(w.rounds_entered)),
          h('td', { class: 'num' }, formatDuration(w.duration_ms, i18n.lang))))))));
  });
}

// doc: {final, summary, winners, ranking, …}; contest: the public view (for
// unit, category and round names).
export function renderFinalDraft(doc, contest, { published = false } = {}) {
  const lang = i18n.lang;
  const final = doc.final || {};
  const summary = doc.summary || {};
  const unitNames = names(contest?.units);
  const categoryNames = names(contest?.categories);
  const roundTitles = names(contest?.rounds?.map((r) => ({ id: r.id, name: r.title })));

  const facts = h('dl', { class: 'facts', 'data-testid': 'final-summary' },
    fact('draft.entrants', num(summary.entrants ?? 0), 'final-entrants'),
    fact('finalDraft.ranked', num(summary.ranked ?? 0), 'final-ranked'),
    fact('draft.maxScore', num(summary.max_score ?? 0), 'final-max-score'),
    fact('finalDraft.combine', capitalised(combineText(final)), 'final-combine'));

  // The ranking in the order a review reads it: who, how much, from how
  // many rounds in what time, what they won or why they cannot; then each
  // counted round's own score, and the contact details last.
  const roundCell = (id) => (r) => {
    const line = (r.rounds || []).find((l) => l.round === id);
    if (!line) return '—';
    return line.counted === false ? t('finalDraft.notCounted', { score: score(line) }) : score(line);
  };
  const columns = [
    { col: 'rank', label: t('draft.rank'), num: true, cell: (r) => num(r.rank) },
    { col: 'name', label: t('draft.name'), cell: (r) => r.name },
    { col: 'unit', label: t('draft.unit'), cell: (r) => unitNames.get(r.unit) || r.unit },
    { col: 'score', label: t('draft.score'), num: true, cell: score },
    { col: 'rounds', label: t('finalDraft.rounds'), num: true, cell: (r) => num(r.rounds_entered) },
    { col: 'duration', label: t('finalDraft.totalDuration'), num: true, cell: (r) => formatDuration(r.duration_ms, lang) },
    { col: 'attempts', label: t('finalDraft.attempts'), num: true, cell: (r) => num(r.attempts_used) },
    { col: 'prize', label: t('draft.prize'), cell: (r) => r.prize || '' },
    { col: 'excluded', label: t('draft.excluded'), cell: (r) => (r.excluded ? t('draft.excludedYes') : '') },
    { col: 'disqualified', label: t('draft.disqualified'), cell: (r) => r.disqualified || '' },
    ...(final.rounds || []).map((id) => ({ col: `round:${id}`, label: roundTitles.get(id) || id, num: true, cell: roundCell(id) })),
    { col: 'category', label: t('draft.category'), cell: (r) => categoryNames.get(r.category) || r.category },
    { col: 'phone', label: t('draft.phone'), cell: (r) => r.phone },
  ];
  const ranking = doc.ranking || [];
  const shown = ranking.slice(0, SHOWN_ROWS);
  const rankingTable = scrollBox(t('draft.rankingHeading'), h('table', { class: 'ranking', 'data-testid': 'final-ranking-table' },
    h('caption', { class: 'visually-hidden' }, t('draft.rankingHeading')),
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null, 'data-col': c.col }, c.label)))),
    h('tbody', {}, shown.map((r) => h('tr', { 'data-testid': 'final-ranking-row', 'data-participant': r.participant,
      class: r.disqualified ? 'disqualified' : r.excluded ? 'excluded' : null },
      columns.map((c) => h('td', { class: c.num ? 'num' : null, 'data-col': c.col }, c.cell(r))))))));

  const winners = winnersTables(doc.winners || [], contest, unitNames);
  return h('section', { class: 'draft', 'data-testid': published ? 'final-published' : 'final-draft' },
    h('h4', {}, t(published ? 'finalDraft.publishedHeading' : 'finalDraft.heading')),
    published ? null : h('p', { class: 'notice warn' }, t('draft.reviewNote')),
    facts,
    tx('h4', 'draft.winnersHeading'),
    winners.length ? winners : h('p', { class: 'muted' }, t('draft.noWinners')),
    h('h4', {}, t('draft.rankingHeading'), ' ', h('span', { class: 'muted' }, t('draft.rankingCount', { n: num(ranking.length) }))),
    ranking.length ? rankingTable : h('p', { class: 'muted', 'data-testid': 'final-ranking-empty' }, t('draft.noEntries')),
    ranking.length > SHOWN_ROWS ? h('p', { class: 'hint' }, t('draft.moreInFiles', { shown: SHOWN_ROWS, n: num(ranking.length) })) : null);
}
