// Horizontal bar charts with no chart library: a real <table> (caption,
// column headers, one row per bar) so a screen reader reads every label and
// value, with a CSS bar drawn beside each value for the eye. The value is
// always written out in text; the bar only repeats it.

import { h } from '/shared/dom.js';

// rows: [{key, label, value, text}] — value sets the bar's length against
// `max` (the largest value when not given), text is what people read.
export function barChart({ id, caption, labelHeader, valueHeader, rows, max }) {
  const top = max ?? Math.max(0, ...rows.map((r) => r.value || 0));
  return h('figure', { class: 'chart', id, 'data-testid': id },
    h('table', { class: 'bar-chart' },
      h('caption', {}, caption),
      h('thead', {},
        h('tr', {}, h('th', { scope: 'col' }, labelHeader), h('th', { scope: 'col' }, valueHeader))),
      h('tbody', {}, rows.map((row) => {
        const bar = h('span', { class: 'bar' });
        // Set through the CSSOM rather than a style attribute, so a strict
        // Content-Security-Policy would not block it.
        const share = top > 0 ? Math.max(0, Math.min(1, (row.value || 0) / top)) : 0;
        bar.style.width = `${(share * 100).toFixed(2)}%`;
        if ((row.value || 0) > 0) bar.classList.add('nonzero');
        return h('tr', { 'data-key': row.key },
          h('th', { scope: 'row', class: 'bar-label' }, row.label),
          h('td', {}, h('div', { class: 'bar-cell' },
            h('span', { class: 'bar-track', 'aria-hidden': 'true' }, bar),
            h('span', { class: 'bar-value tabular' }, row.text))));
      }))));
}
