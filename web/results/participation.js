// Participation by unit: a bar chart of each unit's participation rate
// (highest first, so the leaders of the collective prize stand out) and the
// full table in the contest's own unit order. `blocks` is the contest view's
// list of blocks ([{id, name}]) when it carries one: the table then names
// each unit's block; without it, or for a block not in it, the id is shown.

import { h } from '/shared/dom.js';
import { formatNumber, formatPercent } from '/shared/format.js';
import { barChart } from './charts.js';

export function participationSection(summary, i18n, blocks = []) {
  const { lang } = i18n;
  const t = i18n.t;
  const num = (n) => formatNumber(n, lang);
  const units = summary.participation || [];
  const blockNames = new Map((blocks || []).filter((b) => b?.name).map((b) => [b.id, b.name]));
  const rate = (u) => (u.rate === null || u.rate === undefined ? t('noRate') : formatPercent(u.rate, lang));

  const sorted = [...units].sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1));
  const chart = barChart({
    id: 'participation-chart',
    caption: t('participationCaption'),
    labelHeader: t('unit'),
    valueHeader: t('rate'),
    max: 1, // a rate: the full bar is the whole unit
    rows: sorted.map((u) => ({
      key: u.unit,
      label: u.name || u.unit,
      value: u.rate ?? 0,
      text: u.headcount ? t('rateValue', { rate: rate(u), entrants: num(u.entrants), headcount: num(u.headcount) })
        : rate(u),
    })),
  });

  const table = h('div', { class: 'table-wrap' },
    h('table', { class: 'wide-table', 'data-testid': 'participation-table', id: 'participation-table' },
      h('caption', { class: 'table-caption' }, t('participationTableCaption')),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('unit')),
        h('th', { scope: 'col' }, t('block')),
        h('th', { scope: 'col', class: 'num' }, t('entrants')),
        h('th', { scope: 'col', class: 'num' }, t('entries')),
        h('th', { scope: 'col', class: 'num' }, t('headcount')),
        h('th', { scope: 'col', class: 'num' }, t('rate')))),
      h('tbody', {}, units.map((u) => h('tr', { 'data-key': u.unit },
        h('th', { scope: 'row' }, u.name || u.unit),
        h('td', {}, u.block ? blockNames.get(u.block) ?? u.block : '—'),
        h('td', { class: 'num' }, num(u.entrants)),
        h('td', { class: 'num' }, num(u.entries)),
        h('td', { class: 'num' }, u.headcount ? num(u.headcount) : '—'),
        h('td', { class: 'num' }, rate(u)))))));

  return h('section', { class: 'block', id: 'participation', 'aria-labelledby': 'participation-heading' },
    h('h2', { id: 'participation-heading' }, t('participationHeading')),
    chart, table);
}
