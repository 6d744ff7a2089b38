// A fieldset holding a list of like items (categories, units, rounds,
// prize tiers) with Add and Remove buttons. Items are kept in order so the
// form can name each input by the path the server uses in its errors
// (units[2].headcount), whatever was added or removed before.

import { h } from '/shared/dom.js';
import { tx, groupError } from './form-fields.js';

// make(values, remove) -> {el, collect(prefix, put), focus()}
export function repeatList({ legend, addLabel, make, testid, className = '', legendTag = 'legend' }) {
  const items = [];
  const listeners = [];
  const list = h('div', { class: 'repeat-items' });
  const errorEl = groupError();
  const add = tx('button', addLabel, { type: 'button', class: 'secondary small', 'data-testid': `${testid}-add` });
  const legendEl = legendTag === 'legend' ? tx('legend', legend) : tx(legendTag, legend, { class: 'legend' });
  const el = h('fieldset', { class: `repeat ${className}`, 'data-testid': testid }, legendEl, errorEl, list,
    h('div', { class: 'actions' }, add));
  const changed = () => { for (const fn of listeners) fn(); };

  const repeat = {
    el,
    items,
    legendEl,
    // What a server error on the list itself ("categories: is required") is
    // shown at, and what its summary link focuses.
    group: { errorEl, focusEl: add, labelEl: legendEl },
    onChange(fn) { listeners.push(fn); },
    add(values) {
      const item = make(values, () => repeat.remove(item), items.length);
      items.push(item);
      list.append(item.el);
      changed();
      return item;
    },
    remove(item) {
      const at = items.indexOf(item);
      if (at < 0) return;
      items.splice(at, 1);
      item.el.remove();
      changed();
      // Keep the keyboard user's place: the next item, or the Add button.
      const next = items[at] || items[at - 1];
      if (next?.focus) next.focus();
      else add.focus();
    },
    clear() {
      for (const item of items.splice(0)) item.el.remove();
      changed();
    },
  };
  add.addEventListener('click', () => repeat.add().focus?.());
  return repeat;
}

// The Remove button of an item.
export function removeButton(onRemove, testid, key = 'common.remove') {
  const button = tx('button', key, { type: 'button', class: 'secondary small remove', 'data-testid': testid });
  button.addEventListener('click', onRemove);
  return button;
}
