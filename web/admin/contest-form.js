// Creating a contest (POST /api/admin/contests), from a form or from pasted
// JSON. The server checks everything (draws against the stored banks
// included) and lists every problem with a path such as
// rounds[0].draw.count; with the form each problem is shown at the input
// that path names, with pasted JSON as a list by path.

import { h, clear } from '/shared/dom.js';
import { ApiError } from '/shared/http.js';
import { i18n, t, dyn, redraw } from './text.js';
import { field, tx, setError, clearError, setGroupError, clearGroupError, labelOf, uid } from './form-fields.js';
import { repeatList, removeButton } from './repeat.js';
import { roundFields } from './round-fields.js';
import { text, num, lines } from './form-values.js';
import { errorText, problemText } from './errors.js';

const DEFAULT_CATEGORIES = [
  { id: 'cbccvc', name: 'Cán bộ, công chức, viên chức' },
  { id: 'nhan-dan', name: 'Nhân dân' },
];
const REPEAT_WINNERS = [['once_per_round', 'contest.repeat.once_per_round'], ['once_per_contest', 'contest.repeat.once_per_contest'],
  ['highest_only', 'contest.repeat.highest_only']];
const METRICS = [['participation_rate', 'contest.metric.participation_rate'], ['entrants', 'contest.metric.entrants'],
  ['quality_rate', 'contest.metric.quality_rate']];

// onCreated(contest) after a 201, so the contest list can show it.
export function mountContestForm(root, session, banks, onCreated) {
  // --- the mode switch: form or pasted JSON ---
  const modeName = uid('mode');
  const modeForm = h('input', { type: 'radio', name: modeName, value: 'form', id: `${modeName}-form`, checked: true, 'data-testid': 'contest-mode-form' });
  const modeJson = h('input', { type: 'radio', name: modeName, value: 'json', id: `${modeName}-json`, 'data-testid': 'contest-mode-json' });
  const modeSwitch = h('fieldset', { class: 'mode-switch' }, tx('legend', 'contest.mode'),
    h('div', { class: 'segmented' },
      h('span', {}, modeForm, tx('label', 'contest.modeForm', { for: modeForm.id })),
      h('span', {}, modeJson, tx('label', 'contest.modeJson', { for: modeJson.id }))));

  // --- the form ---
  const id = field({ label: 'contest.id', hint: 'contest.idHint', testid: 'contest-id', attrs: { autocapitalize: 'none', spellcheck: 'false', autocomplete: 'off' } });
  const title = field({ label: 'contest.title', testid: 'contest-title', attrs: { autocomplete: 'off' } });
  const repeatWinners = field({ label: 'contest.repeatWinners', type: 'select', options: REPEAT_WINNERS, testid: 'contest-repeat-winners' });

  const categoryListeners = [];
  const categories = repeatList({
    legend: 'contest.categories', addLabel: 'contest.addCategory', testid: 'contest-categories',
    make: (v = {}, remove) => {
      const cid = field({ label: 'contest.categoryId', value: v.id, testid: 'category-id', attrs: { autocapitalize: 'none', spellcheck: 'false' } });
      const cname = field({ label: 'contest.categoryName', value: v.name, testid: 'category-name' });
      for (const input of [cid.input, cname.input]) input.addEventListener('change', () => categoryListeners.forEach((fn) => fn()));
      return {
        el: h('div', { class: 'item grid-2' }, cid.wrap, cname.wrap, removeButton(remove, 'category-remove', 'remove.category')),
        focus: () => cid.input.focus(),
        value: () => ({ id: cid.input.value.trim(), name: cname.input.value.trim() }),
        collect(prefix, put) {
          put(prefix, cid.input);
          put(`${prefix}.id`, cid.input);
          put(`${prefix}.name`, cname.input);
          return { id: text(cid.input), name: text(cname.input) };
        },
      };
    },
  });
  categories.onChange(() => categoryListeners.forEach((fn) => fn()));
  const roundCtx = {
    banks,
    categories: () => categories.items.map((c) => c.value()).filter((c) => c.id),
    onCategoriesChange: (fn) => categoryListeners.push(fn),
  };

  const units = repeatList({
    legend: 'contest.units', addLabel: 'contest.addUnit', testid: 'contest-units',
    make: (v = {}, remove) => {
      const uidF = field({ label: 'contest.unitId', value: v.id, testid: 'unit-id', attrs: { autocapitalize: 'none', spellcheck: 'false' } });
      const nameF = field({ label: 'contest.unitName', value: v.name, testid: 'unit-name' });
      const blockF = field({ label: 'contest.unitBlock', value: v.block, hint: 'contest.unitBlockHint', testid: 'unit-block', attrs: { autocapitalize: 'none', spellcheck: 'false' } });
      const headF = field({ label: 'contest.unitHeadcount', type: 'number', value: v.headcount, testid: 'unit-headcount', attrs: { min: 0, step: 1, inputmode: 'numeric' } });
      return {
        el: h('div', { class: 'item grid-4' }, uidF.wrap, nameF.wrap, blockF.wrap, headF.wrap, removeButton(remove, 'unit-remove', 'remove.unit')),
        focus: () => uidF.input.focus(),
        collect(prefix, put) {
          put(prefix, uidF.input);
          put(`${prefix}.id`, uidF.input);
          put(`${prefix}.name`, nameF.input);
          put(`${prefix}.block`, blockF.input);
          put(`${prefix}.headcount`, headF.input);
          return { id: text(uidF.input), name: text(nameF.input), block: text(blockF.input), headcount: num(headF.input) };
        },
      };
    },
  });

  const rounds = repeatList({
    legend: 'contest.rounds', addLabel: 'contest.addRound', testid: 'contest-rounds', className: 'rounds',
    make: (v, remove, index) => roundFields(roundCtx, v, remove, index),
  });
  rounds.onChange(() => rounds.items.forEach((r, i) => r.renumber(i)));

  const collective = repeatList({
    legend: 'contest.collective', addLabel: 'contest.addCollective', testid: 'contest-collective',
    make: (v = {}, remove) => {
      const nameF = field({ label: 'contest.collectiveName', value: v.name ?? 'Giải tập thể', testid: 'collective-name' });
      const countF = field({ label: 'contest.collectiveCount', type: 'number', value: v.count ?? 1, testid: 'collective-count', attrs: { min: 1, step: 1 } });
      const metricF = field({ label: 'contest.collectiveMetric', type: 'select', options: METRICS, testid: 'collective-metric' });
      const blockF = field({ label: 'contest.collectiveBlock', hint: 'contest.collectiveBlockHint', testid: 'collective-block', attrs: { autocapitalize: 'none' } });
      return {
        el: h('div', { class: 'item grid-4' }, nameF.wrap, countF.wrap, metricF.wrap, blockF.wrap, removeButton(remove, 'collective-remove', 'remove.collective')),
        focus: () => nameF.input.focus(),
        collect(prefix, put) {
          put(prefix, nameF.input);
          put(`${prefix}.name`, nameF.input);
          put(`${prefix}.count`, countF.input);
          put(`${prefix}.metric`, metricF.input);
          put(`${prefix}.block`, blockF.input);
          return { name: text(nameF.input), count: num(countF.input), metric: metricF.input.value, block: text(blockF.input) ?? null };
        },
      };
    },
  });

  const excludedPhones = field({ label: 'contest.excludedPhones', type: 'textarea', hint: 'contest.excludedHint', testid: 'contest-excluded-phones', attrs: { rows: 3, class: 'short' } });
  const excludedIds = field({ label: 'contest.excludedIds', type: 'textarea', hint: 'contest.excludedHint', testid: 'contest-excluded-ids', attrs: { rows: 3, class: 'short' } });
  const excluded = h('details', { class: 'card excluded' }, tx('summary', 'contest.excluded'), excludedPhones.wrap, excludedIds.wrap);

  const formPart = h('div', { class: 'form-mode', 'data-testid': 'contest-form-fields' },
    h('div', { class: 'grid-2' }, id.wrap, title.wrap), repeatWinners.wrap,
    categories.el, units.el, rounds.el, collective.el, excluded);

  // --- pasted JSON ---
  const json = field({ label: 'contest.json', type: 'textarea', hint: 'contest.jsonHint', testid: 'contest-json',
    attrs: { rows: 18, spellcheck: 'false', autocapitalize: 'none', autocomplete: 'off' } });
  const jsonPart = h('div', { class: 'json-mode', hidden: true }, json.wrap);

  // --- errors, result and submit ---
  const summary = h('div', { class: 'error-summary', tabindex: '-1', 'data-testid': 'contest-errors', role: 'alert', hidden: true });
  const outcome = dyn('div', { 'data-testid': 'contest-result', role: 'status' }, () => null);
  const submit = tx('button', 'contest.submit', { type: 'submit', 'data-testid': 'contest-submit' });
  const form = h('form', { novalidate: true, 'data-testid': 'contest-form' },
    modeSwitch, summary, formPart, jsonPart, h('div', { class: 'actions' }, submit), outcome);
  clear(root).append(tx('h2', 'contest.heading', { id: 'contest-form-heading', tabindex: '-1' }), tx('p', 'contest.intro', { class: 'muted' }), form);

  function reset() {
    for (const list of [categories, units, rounds, collective]) list.clear();
    for (const c of DEFAULT_CATEGORIES) categories.add(c);
    units.add();
    rounds.add();
  }
  reset();

  function mode() { return modeJson.checked ? 'json' : 'form'; }
  function switchMode() {
    const toJson = mode() === 'json';
    formPart.hidden = toJson;
    jsonPart.hidden = !toJson;
    clearErrors();
    // Moving to JSON with an empty box starts from what the form holds, a
    // quick way to see (and copy) the configuration the form would send.
    if (toJson && !json.input.value.trim()) json.input.value = JSON.stringify(collect().config, null, 2);
  }
  modeForm.addEventListener('change', switchMode);
  modeJson.addEventListener('change', switchMode);

  // Walks the form in order, giving the configuration and, for each path
  // the server may name, the input (or group) that shows its error.
  function collect() {
    const targets = new Map();
    const put = (path, target) => targets.set(path, target);
    put('id', id.input);
    put('title', title.input);
    put('repeat_winners', repeatWinners.input);
    put('categories', categories.group);
    put('units', units.group);
    put('rounds', rounds.group);
    put('collective_prizes', collective.group);
    put('excluded', excludedPhones.input);
    put('excluded.phones', excludedPhones.input);
    put('excluded.id_numbers', excludedIds.input);
    const config = {
      id: text(id.input),
      title: text(title.input),
      timezone: 'Asia/Ho_Chi_Minh',
      categories: categories.items.map((c, i) => c.collect(`categories[${i}]`, put)),
      units: units.items.map((u, i) => u.collect(`units[${i}]`, put)),
      excluded: { phones: lines(excludedPhones.input), id_numbers: lines(excludedIds.input) },
      repeat_winners: repeatWinners.input.value,
      rounds: rounds.items.map((r, i) => r.collect(`rounds[${i}]`, put)),
    };
    if (collective.items.length) config.collective_prizes = collective.items.map((c, i) => c.collect(`collective_prizes[${i}]`, put));
    return { config, targets };
  }

  let shownErrors = null; // {problems, headingKey, vars}, redrawn on a language switch
  const marked = [];      // inputs and groups showing an error now

  function clearErrors() {
    for (const m of marked.splice(0)) {
      if (m instanceof HTMLElement) clearError(m);
      else clearGroupError(m.errorEl);
    }
    shownErrors = null;
    summary.hidden = true;
    clear(summary);
  }

  // The nearest target for a path: rounds[0].draw.by_topic.x, then
  // rounds[0].draw.by_topic, rounds[0].draw, rounds[0], rounds.
  function findTarget(path, targets) {
    let p = path || '';
    while (p) {
      if (targets.has(p)) return targets.get(p);
      const cut = p.endsWith(']') ? p.lastIndexOf('[') : p.lastIndexOf('.');
      p = cut > 0 ? p.slice(0, cut) : '';
    }
    return null;
  }

  // problems: [{path, message, target?}] shown as the summary list; each
  // item with a target is a button that takes the organiser to the field.
  function drawSummary() {
    if (!shownErrors) return;
    const { problems, headingKey, vars } = shownErrors;
    clear(summary).append(
      h('p', { class: 'summary-heading' }, t(headingKey, vars)),
      h('ul', {}, problems.map((p) => h('li', { 'data-testid': 'contest-error', 'data-path': p.path ?? '' },
        p.target ? h('button', { type: 'button', class: 'link', onclick: () => focusTarget(p.target) }, p.label()) : null,
        p.target ? ': ' : null,
        p.message,
        p.path ? h('code', { class: 'path' }, p.path) : null))));
    summary.hidden = false;
  }
  i18n.onChange(drawSummary);

  function focusTarget(target) {
    const el = target instanceof HTMLElement ? target : target.focusEl;
    for (let d = el.closest('details'); d; d = d.parentElement.closest('details')) d.open = true;
    el.focus();
  }

  function labelFor(target) {
    const el = target instanceof HTMLElement ? target : target.labelEl;
    const own = target instanceof HTMLElement ? labelOf(target) : el.textContent.trim();
    const round = el.closest('fieldset.round');
    const roundName = round ? round.querySelector(':scope > legend').textContent.trim() : '';
    return roundName && roundName !== own ? `${roundName} › ${own}` : own;
  }

  function showProblems(problems, targets) {
    const listed = problems.map((p) => {
      const target = targets ? findTarget(p.path, targets) : null;
      const message = problemText(p.message);
      if (target instanceof HTMLElement) { setError(target, message); marked.push(target); }
      else if (target) { setGroupError(target.errorEl, message); marked.push(target); }
      if (target) {
        const el = target instanceof HTMLElement ? target : target.errorEl;
        for (let d = el.closest('details'); d; d = d.parentElement.closest('details')) d.open = true;
      }
      return { ...p, message, target, label: () => (target ? labelFor(target) : '') };
    });
    if (!targets) { setError(json.input, t('contest.jsonProblems')); marked.push(json.input); }
    shownErrors = { problems: listed, headingKey: 'contest.problemSummary', vars: { n: problems.length } };
    drawSummary();
    summary.focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors();
    redraw(outcome, () => null);
    let body;
    let targets = null;
    if (mode() === 'json') {
      body = json.input.value;
    } else {
      const collected = collect();
      body = JSON.stringify(collected.config);
      targets = collected.targets;
    }
    submit.disabled = true;
    try {
      // The server words the configuration's problems in the page's language.
      const reply = await session.call(`/api/admin/contests?lang=${i18n.lang}`, { method: 'POST', body, contentType: 'application/json' });
      const contest = reply.contest;
      redraw(outcome, () => h('div', { class: 'notice ok', 'data-testid': 'contest-created' },
        h('p', {}, t('contest.created', { title: contest.title, id: contest.id, n: contest.rounds.length })),
        h('p', {}, h('a', { href: `#contests/${encodeURIComponent(contest.id)}`, 'data-testid': 'contest-created-link' }, t('contest.openCreated')))));
      onCreated?.(contest);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'invalid_contest') {
        showProblems(error.details || [], targets);
      } else if (error instanceof ApiError && error.status === 409) {
        const contestId = targets ? text(id.input) : (safeId(body) ?? '');
        showProblems([{ path: 'id', message: t('contest.idExists', { id: contestId }) }], targets);
        shownErrors.headingKey = 'contest.notStored';
        drawSummary();
      } else {
        redraw(outcome, () => h('p', { class: 'notice error', 'data-testid': 'contest-failure' }, errorText(error)));
      }
    } finally {
      submit.disabled = false;
    }
  });

  return { reset };
}

function safeId(body) {
  try { return JSON.parse(body).id; } catch { return null; }
}
