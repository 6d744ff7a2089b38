// The contest's exclusion list on the dashboard (CONTEST_RULES.md, "Excluded
// people": the organising committee, question setters, judges and technical
// staff may enter and rank, never win; docs/protocol.md "Exclusion list"):
// the phones and ID numbers in force (GET …/exclusions: the configuration's
// until an organiser edits them), who changed them last, and a Save while
// no round has opened. From the first round's opening the server refuses
// every change (409 locked), so the list is shown read-only with the reason.
// Only for roles that see personal data: the list names people.
//
// One entry per line; blank lines are dropped before sending, and each
// entry keeps its line number so the server's refusal ("phones[1]") is
// shown at the line the organiser typed. The server writes each entry in
// its normal form (+84 …  → 0…), and the saved list is shown as it did.

import { h } from '/shared/dom.js';
import { formatDateTime, formatNumber } from '/shared/format.js';
import { ApiError } from '/shared/http.js';
import { i18n, t, dyn, redraw } from './text.js';
import { tx, field, setError, clearError } from './form-fields.js';
import { actionGroup } from './actions.js';
import { errorText } from './errors.js';
import { changesContest } from './access.js';

// [{line, value}] of the non-blank lines, numbered from 1.
const entries = (textarea) => textarea.value.split(/\r?\n/)
  .map((value, i) => ({ line: i + 1, value: value.trim() }))
  .filter((e) => e.value);

export function exclusionsPanel(session, contest) {
  const base = `/api/admin/contests/${encodeURIComponent(contest.id)}/exclusions`;
  let state = null;    // the server's last answer
  let loadError = null;
  let loading = null;
  // Read-only until the list is read, so nothing typed is overwritten.
  const listField = (label, hint, testid) => ({ label, ...field({ label, type: 'textarea', hint, testid,
    attrs: { rows: 4, class: 'short', readonly: true, spellcheck: 'false', autocomplete: 'off' } }) });
  const lists = {
    phones: listField('contest.excludedPhones', 'excl.phonesHint', 'exclusions-phones'),
    id_numbers: listField('contest.excludedIds', 'excl.idNumbersHint', 'exclusions-id-numbers'),
  };
  const inputs = Object.values(lists).map((l) => l.input);
  const editable = () => Boolean(state?.editable) && changesContest(session.access, contest.id);

  const changed = dyn('p', { class: 'muted', 'data-testid': 'exclusions-changed' }, () => {
    if (loadError) return h('span', { class: 'field-error' }, errorText(loadError, { 403: 'excl.err.forbidden' }));
    if (!state) return t('common.loading');
    if (state.source !== 'organiser') return t('excl.fromConfig');
    return t('excl.changed', { by: state.changed_by, at: formatDateTime(state.changed_at, i18n.lang) });
  });
  const when = dyn('div', {}, () => {
    if (!state) return null;
    const at = formatDateTime(state.editable_until, i18n.lang);
    return state.editable ? h('p', { class: 'hint', 'data-testid': 'exclusions-until' }, t('excl.editableUntil', { at }))
      : h('p', { class: 'notice warn', 'data-testid': 'exclusions-locked' }, t('excl.locked', { at }));
  });

  function show(reply) {
    state = reply;
    lists.phones.input.value = reply.phones.join('\n');
    lists.id_numbers.input.value = reply.id_numbers.join('\n');
    for (const input of inputs) {
      clearError(input);
      input.readOnly = !editable();
      input.rows = Math.min(12, Math.max(4, input.value.split('\n').length + 1));
    }
    // The outcome beside Save stays: "not saved, locked" must be read.
    saveButton.hidden = !editable();
    redraw(changed);
    redraw(when);
  }

  async function load() {
    try {
      show(await session.call(base));
      loadError = null;
    } catch (error) {
      if (!(error instanceof ApiError)) console.error(error);
      loadError = error;
      loading = null; // read again when the card opens again
      redraw(changed);
    }
  }

  // A refused entry: its list's error line names it, the line is selected,
  // and the outcome beside Save says nothing was stored.
  function refused(list, bad, say) {
    const input = lists[list].input;
    if (!bad) {
      setError(input, t('excl.err.tooMany', { n: formatNumber(10000, i18n.lang) }));
      say('error', () => t('excl.err.notSaved'));
      return;
    }
    setError(input, t(`excl.err.${list}`, bad));
    const rows = input.value.split('\n');
    const start = rows.slice(0, bad.line - 1).reduce((n, row) => n + row.length + 1, 0);
    input.focus();
    input.setSelectionRange(start, start + rows[bad.line - 1].length);
    say('error', () => t('excl.err.line', { ...bad, list: t(lists[list].label) }));
  }

  const save = async (say) => {
    for (const input of inputs) clearError(input);
    const sent = { phones: entries(lists.phones.input), id_numbers: entries(lists.id_numbers.input) };
    let reply;
    try {
      reply = await session.call(base, { method: 'PUT',
        body: { phones: sent.phones.map((e) => e.value), id_numbers: sent.id_numbers.map((e) => e.value) } });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      // The first round opened since the page read the list: read-only now.
      if (error.code === 'locked') await load();
      // {field: "phones[1]"}: the second entry sent.
      const [, list, index] = /^(phones|id_numbers)(?:\[(\d+)\])?$/.exec(error.details?.field || '') || [];
      if (error.code !== 'bad_request' || !list) throw error;
      refused(list, index === undefined ? null : sent[list][Number(index)], say);
      return;
    }
    show(reply);
    say('ok', () => t('excl.saved', { phones: formatNumber(reply.phones.length, i18n.lang),
      ids: formatNumber(reply.id_numbers.length, i18n.lang) }));
  };
  save.overrides = { locked: 'excl.err.locked', 403: 'excl.err.forbidden' };

  const saveAction = actionGroup()('excl.save', 'exclusions-save', save);
  const saveButton = saveAction.querySelector('button');
  saveButton.hidden = true;
  const el = h('article', { class: 'round-panel card exclusions-panel', 'data-testid': 'exclusions-panel' },
    tx('h3', 'excl.heading'),
    tx('p', 'excl.intro', { class: 'muted' }),
    changed, when,
    h('div', { class: 'grid-2' }, lists.phones.wrap, lists.id_numbers.wrap),
    h('div', { class: 'actions' }, saveAction));

  return {
    el,
    // Read once when the card first opens; Save answers the list as stored.
    start() { loading ||= load(); },
    stop() {},
  };
}
