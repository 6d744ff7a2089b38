// One round of the contest form: its window in Vietnam time, the bank and
// draw (with an optional count per topic of that bank), time limit,
// attempts, the prediction question and the prizes per category.

import { h, clear } from '/shared/dom.js';
import { formatNumber } from '/shared/format.js';
import { i18n, t, dyn, redraw } from './text.js';
import { field, checkbox, tx, groupError } from './form-fields.js';
import { repeatList, removeButton } from './repeat.js';
import { text, num } from './form-values.js';
import { isoFromLocalInput } from './vn-time.js';

const DEFAULT_TIERS = [['Giải Nhất', 1], ['Giải Nhì', 1], ['Giải Ba', 1]];
const COUNTED = [['best', 'round.counted.best'], ['first', 'round.counted.first'], ['last', 'round.counted.last']];
const TARGETS = [['perfect_entries', 'round.target.perfect_entries'], ['perfect_entrants', 'round.target.perfect_entrants'],
  ['entries', 'round.target.entries'], ['entrants', 'round.target.entrants']];

// ctx: {banks: store, categories: () => [{id, name}], onCategoriesChange(fn)}
export function roundFields(ctx, values = {}, remove, index) {
  let n = index + 1;
  const id = field({ label: 'round.id', value: values.id ?? `ky-${n}`, testid: 'round-id', attrs: { autocapitalize: 'none', spellcheck: 'false' } });
  const title = field({ label: 'round.title', value: values.title ?? `Kỳ ${n}`, testid: 'round-title' });
  const opens = field({ label: 'round.opens', type: 'datetime-local', value: values.opens ?? '', hint: 'round.vnTime', testid: 'round-opens' });
  const closes = field({ label: 'round.closes', type: 'datetime-local', value: values.closes ?? '', hint: 'round.vnTime', testid: 'round-closes' });
  const bank = field({ label: 'round.bank', type: 'select', testid: 'round-bank' });
  const count = field({ label: 'round.count', type: 'number', value: values.count ?? 10, testid: 'round-count', attrs: { min: 1, step: 1, inputmode: 'numeric' } });
  const bankHolds = dyn('p', { class: 'hint', 'data-testid': 'round-bank-holds' }, () => null);
  count.wrap.append(bankHolds);
  const minutes = field({ label: 'round.minutes', type: 'number', value: values.minutes ?? 20, hint: 'round.minutesHint', testid: 'round-minutes', attrs: { min: 0.5, max: 120, step: 0.5, inputmode: 'decimal' } });
  const attempts = field({ label: 'round.attempts', type: 'number', value: values.attempts ?? 1, testid: 'round-attempts', attrs: { min: 1, step: 1, inputmode: 'numeric' } });
  const counted = field({ label: 'round.counted', type: 'select', options: COUNTED, value: values.counted ?? 'best', testid: 'round-counted' });
  const requireAll = checkbox({ label: 'round.requireAll', testid: 'round-require-all' });
  const prompt = field({ label: 'round.predictionPrompt', type: 'textarea', value: values.prompt ?? '', hint: 'round.predictionHint', testid: 'round-prediction-prompt', attrs: { rows: 2, class: 'short' } });
  const target = field({ label: 'round.predictionTarget', type: 'select', options: TARGETS, value: 'perfect_entries', testid: 'round-prediction-target' });

  // Count per topic: inputs for the chosen bank's topics, rebuilt when the
  // bank changes (values kept by topic id).
  const topicInputs = new Map();
  const topicBox = h('div', { class: 'grid-2 topic-inputs' });
  const topicError = groupError();
  const byTopic = h('details', { class: 'by-topic', 'data-testid': 'round-by-topic' },
    tx('summary', 'round.byTopic'), tx('p', 'round.byTopicHint', { class: 'hint' }), topicError, topicBox);

  function fillBanks() {
    const chosen = bank.input.value || values.bank || '';
    clear(bank.input);
    if (!ctx.banks.list.length) bank.input.append(h('option', { value: '' }, t('round.noBank')));
    for (const b of ctx.banks.list) {
      bank.input.append(h('option', { value: b.id }, `${b.title || b.id} (${b.id}, ${t('bank.questionCount', { n: formatNumber(b.questions, i18n.lang) })})`));
    }
    if (chosen && ctx.banks.byId(chosen)) bank.input.value = chosen;
    fillTopics();
  }

  function fillTopics() {
    const chosen = ctx.banks.byId(bank.input.value);
    const kept = new Map([...topicInputs].map(([topic, input]) => [topic, input.value]));
    topicInputs.clear();
    clear(topicBox);
    redraw(bankHolds, () => (chosen ? t('round.bankHolds', { n: formatNumber(chosen.questions, i18n.lang) }) : null));
    for (const topic of chosen?.topics || []) {
      const f = field({ labelText: `${topic.name || topic.id} (${t('round.topicHolds', { n: topic.questions })})`, type: 'number',
        value: kept.get(topic.id) ?? values.byTopic?.[topic.id] ?? '', attrs: { min: 0, step: 1, inputmode: 'numeric', 'data-topic': topic.id }, testid: `round-topic-${topic.id}` });
      topicInputs.set(topic.id, f.input);
      topicBox.append(f.wrap);
    }
  }
  bank.input.addEventListener('change', fillTopics);
  fillBanks();
  ctx.banks.onChange(() => { if (el.isConnected) fillBanks(); });

  // Prizes: one group per category, each a list of tiers.
  const prizes = repeatList({
    legend: 'round.prizes', addLabel: 'round.addPrizeGroup', testid: 'round-prizes', className: 'nested',
    make: (v, removeGroup) => prizeGroup(ctx, v, removeGroup),
  });
  for (const group of values.prizes ?? ctx.categories().map((c) => ({ category: c.id, tiers: DEFAULT_TIERS }))) prizes.add(group);
  ctx.onCategoriesChange(() => { for (const g of prizes.items) g.refreshCategories(); });

  const legendText = dyn('span', {}, () => t('round.legend', { n }));
  const legend = h('legend', {}, legendText);
  const el = h('fieldset', { class: 'round card', 'data-testid': 'round-fieldset' },
    legend,
    groupError(),
    h('div', { class: 'grid-2' }, id.wrap, title.wrap, opens.wrap, closes.wrap),
    h('div', { class: 'grid-2' }, bank.wrap, count.wrap),
    byTopic,
    h('div', { class: 'grid-3' }, minutes.wrap, attempts.wrap, counted.wrap),
    requireAll.wrap,
    h('div', { class: 'grid-2' }, prompt.wrap, target.wrap),
    prizes.el,
    remove ? h('div', { class: 'actions' }, removeButton(remove, 'round-remove', 'remove.round')) : null);
  const roundError = el.querySelector(':scope > .field-error');

  return {
    el,
    focus: () => id.input.focus(),
    // After a round above is removed: "Vòng thi 3" becomes "Vòng thi 2".
    renumber(i) { n = i + 1; redraw(legendText); },
    inputs: { id: id.input, opens: opens.input, closes: closes.input, bank: bank.input, count: count.input, minutes: minutes.input, prompt: prompt.input },
    collect(prefix, put) {
      put(prefix, { errorEl: roundError, focusEl: id.input, labelEl: legend });
      put(`${prefix}.id`, id.input);
      put(`${prefix}.title`, title.input);
      put(`${prefix}.opens_at`, opens.input);
      put(`${prefix}.closes_at`, closes.input);
      put(`${prefix}.bank`, bank.input);
      put(`${prefix}.draw`, count.input);
      put(`${prefix}.draw.count`, count.input);
      put(`${prefix}.draw.by_topic`, { errorEl: topicError, focusEl: byTopic.querySelector('summary'), labelEl: byTopic.querySelector('summary') });
      put(`${prefix}.time_limit_s`, minutes.input);
      put(`${prefix}.attempts`, attempts.input);
      put(`${prefix}.counted_attempt`, counted.input);
      put(`${prefix}.require_all_answered`, requireAll.input);
      put(`${prefix}.prediction`, prompt.input);
      put(`${prefix}.prediction.prompt`, prompt.input);
      put(`${prefix}.prediction.target`, target.input);
      put(`${prefix}.prizes`, prizes.group);

      const draw = { count: num(count.input) };
      const perTopic = {};
      for (const [topic, input] of topicInputs) {
        put(`${prefix}.draw.by_topic.${topic}`, input);
        const v = num(input);
        if (v !== undefined && v !== 0) perTopic[topic] = v;
      }
      if (Object.keys(perTopic).length) draw.by_topic = perTopic;
      const mins = num(minutes.input);
      const round = {
        id: text(id.input),
        title: text(title.input),
        opens_at: isoFromLocalInput(opens.input.value),
        closes_at: isoFromLocalInput(closes.input.value),
        bank: text(bank.input),
        draw,
        time_limit_s: typeof mins === 'number' ? Math.round(mins * 60) : mins,
        attempts: num(attempts.input),
        counted_attempt: counted.input.value,
        require_all_answered: requireAll.input.checked,
        prediction: text(prompt.input) ? { prompt: text(prompt.input), target: target.input.value } : null,
        prizes: prizes.items.map((g, i) => g.collect(`${prefix}.prizes[${i}]`, put)),
      };
      return round;
    },
  };
}

function prizeGroup(ctx, values = {}, remove) {
  const category = field({ label: 'round.prizeCategory', type: 'select', testid: 'prize-category' });
  const tiers = repeatList({
    legend: 'round.tiers', addLabel: 'round.addTier', testid: 'prize-tiers', className: 'nested tiers', legendTag: 'p',
    make: (v = [], removeTier) => tierRow(v, removeTier),
  });
  for (const tier of values.tiers ?? [['', 1]]) tiers.add(Array.isArray(tier) ? tier : [tier.name, tier.count]);
  const el = h('div', { class: 'prize-group' }, category.wrap, tiers.el, h('div', { class: 'actions' }, removeButton(remove, 'prize-group-remove', 'remove.prizeGroup')));
  let wanted = values.category;

  function refreshCategories() {
    const chosen = category.input.value || wanted;
    clear(category.input);
    for (const c of ctx.categories()) category.input.append(h('option', { value: c.id }, c.name ? `${c.name} (${c.id})` : c.id));
    if ([...category.input.options].some((o) => o.value === chosen)) category.input.value = chosen;
    wanted = chosen;
  }
  refreshCategories();
  category.input.addEventListener('change', () => { wanted = category.input.value; });

  return {
    el,
    refreshCategories,
    focus: () => category.input.focus(),
    collect(prefix, put) {
      put(prefix, category.input);
      put(`${prefix}.category`, category.input);
      put(`${prefix}.tiers`, tiers.group);
      return { category: category.input.value || undefined, tiers: tiers.items.map((row, i) => row.collect(`${prefix}.tiers[${i}]`, put)) };
    },
  };
}

function tierRow([name = '', count = 1] = [], remove) {
  const nameF = field({ label: 'round.tierName', value: name, testid: 'tier-name' });
  const countF = field({ label: 'round.tierCount', type: 'number', value: count, testid: 'tier-count', attrs: { min: 1, step: 1, inputmode: 'numeric' } });
  return {
    el: h('div', { class: 'item tier-row' }, nameF.wrap, countF.wrap, removeButton(remove, 'tier-remove', 'remove.tier')),
    focus: () => nameF.input.focus(),
    collect(prefix, put) {
      put(prefix, nameF.input);
      put(`${prefix}.name`, nameF.input);
      put(`${prefix}.count`, countF.input);
      return { name: text(nameF.input), count: num(countF.input) };
    },
  };
}
