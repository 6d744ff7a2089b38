// Item statistics of a round (GET …/rounds/{r}/items; docs/protocol.md),
// for the organiser to find questions that look wrong before announcing:
// per question its facility, discrimination index (upper minus lower 27 %),
// how often each option was chosen, and the flags. Questions with a flag
// come first and are marked, so a wrong key is seen at a glance.

import { h, clear } from '/shared/dom.js';
import { formatNumber, formatPercent } from '/shared/format.js';
import { ApiError } from '/shared/http.js';
import { i18n, t, dyn, redraw } from './text.js';
import { tx } from './form-fields.js';
import { errorText } from './errors.js';

function discrimination(value, lang) {
  if (value === null || value === undefined) return '—';
  return value.toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function optionLine(o, lang) {
  return h('li', { 'data-testid': 'item-option', 'data-option': o.option, class: o.correct ? 'right' : null },
    o.correct ? h('span', { class: 'ok-text', 'aria-label': t('items.right') }, '✓ ') : null,
    o.text || o.option, ': ', h('strong', {}, formatNumber(o.chosen, lang)),
    h('span', { class: 'muted' }, ` (${t('items.upperChose', { n: formatNumber(o.chosen_upper, lang) })})`));
}

function renderItems(report) {
  const lang = i18n.lang;
  // Flagged questions first, then the hardest first.
  const items = [...(report.items || [])].sort((a, b) =>
    (b.flags.length > 0) - (a.flags.length > 0) || a.facility - b.facility || a.question.localeCompare(b.question));
  const intro = h('p', { class: 'muted', 'data-testid': 'items-summary' },
    t('items.read', { entries: formatNumber(report.entries, lang), group: formatNumber(report.group_size, lang) }));
  if (!items.length) return [intro];
  return [intro, h('div', { class: 'table-wrap', role: 'region', tabindex: '0', 'aria-label': t('items.heading') },
    h('table', { class: 'items', 'data-testid': 'items-table' },
      h('thead', {}, h('tr', {}, ['items.col.question', 'items.col.facility', 'items.col.discrimination', 'items.col.options', 'items.col.flags']
        .map((key) => tx('th', key, { scope: 'col', class: ['items.col.facility', 'items.col.discrimination'].includes(key) ? 'num' : null })))),
      h('tbody', {}, items.map((item) => h('tr', { 'data-testid': 'item-row', 'data-question': item.question, class: item.flags.length ? 'flagged' : null },
        h('td', { 'data-col': 'question' }, h('code', { class: 'muted' }, item.question), ' ', item.text),
        h('td', { class: 'num', 'data-col': 'facility' }, formatPercent(item.facility, lang), h('br'),
          h('span', { class: 'muted' }, t('items.rightOf', { right: formatNumber(item.right, lang), shown: formatNumber(item.shown, lang) }))),
        h('td', { class: 'num', 'data-col': 'discrimination' }, discrimination(item.discrimination, lang)),
        h('td', { 'data-col': 'options' }, h('ul', { class: 'plain' }, item.options.map((o) => optionLine(o, lang)))),
        h('td', { 'data-col': 'flags' }, item.flags.map((f) => h('p', { class: 'field-error', 'data-flag': f }, t(`items.flag.${f}`))))))))),
  ];
}

export function itemsPanel(session, contest, round) {
  const url = `/api/admin/contests/${encodeURIComponent(contest.id)}/rounds/${encodeURIComponent(round.id)}/items`;
  let report = null;
  const result = h('div', { 'data-testid': 'items-result' });
  const message = dyn('p', { class: 'action-msg', 'aria-live': 'polite', 'data-testid': 'items-msg' }, () => null);
  const draw = () => { clear(result); if (report) result.append(...renderItems(report)); };
  i18n.onChange(() => { if (result.isConnected) draw(); });

  const compute = tx('button', 'items.compute', { type: 'button', 'data-testid': 'items-compute' });
  compute.addEventListener('click', async () => {
    compute.disabled = true;
    redraw(message, () => null);
    try {
      report = await session.call(url);
      draw();
      const flagged = report.items.filter((i) => i.flags.length).length;
      redraw(message, () => h('span', { class: 'ok-text' }, t('items.computed', { n: formatNumber(report.items.length, i18n.lang), flagged })));
    } catch (error) {
      if (!(error instanceof ApiError)) console.error(error);
      redraw(message, () => h('span', { class: 'field-error' }, errorText(error)));
    } finally {
      compute.disabled = false;
    }
  });

  const download = tx('button', 'dup.xlsx', { type: 'button', class: 'secondary', 'data-testid': 'items-xlsx' });
  download.addEventListener('click', async () => {
    download.disabled = true;
    const name = `${contest.id}-${round.id}-thong-ke-cau-hoi.xlsx`;
    try {
      await session.fetchFile(`${url}?format=xlsx`, name);
      redraw(message, () => h('span', { class: 'ok-text' }, t('round.downloaded', { name })));
    } catch (error) {
      if (!(error instanceof ApiError)) console.error(error);
      redraw(message, () => h('span', { class: 'field-error' }, errorText(error)));
    } finally {
      download.disabled = false;
    }
  });

  return h('details', { class: 'duplicates-panel', 'data-testid': 'items' },
    tx('summary', 'items.heading'),
    tx('p', 'items.intro', { class: 'hint' }),
    h('div', { class: 'actions' }, compute, download),
    message, result);
}
