// The suspected-duplicates report of a round (GET …/rounds/{r}/duplicates;
// docs/protocol.md "Suspected duplicates"), for the organiser's review
// before announcing: the settings, each finding with its evidence and the
// people in it (with their contact details: only for roles that see personal
// data, and every reading is in the audit stream), and the XLSX download.
// Nothing here decides; the organiser disqualifies from the ranking.

import { h, clear } from '/shared/dom.js';
import { formatDateTime, formatDuration, formatNumber } from '/shared/format.js';
import { ApiError } from '/shared/http.js';
import { i18n, t, dyn, redraw } from './text.js';
import { tx, field, setError, clearError } from './form-fields.js';
import { errorText } from './errors.js';

export const KINDS = ['same_name_birth_date', 'same_id_number', 'one_address', 'too_fast', 'identical_answers'];

// The settings as the page asks for them (seconds where people think in
// seconds) and as the server takes them.
const SETTINGS = [
  { name: 'min_ms_per_question', label: 'dup.set.perQuestion', hint: 'dup.set.perQuestionHint', value: 3, seconds: true, step: '0.1', min: 0 },
  { name: 'timing_tolerance_ms', label: 'dup.set.tolerance', hint: 'dup.set.toleranceHint', value: 2, seconds: true, step: '0.1', min: 0 },
  { name: 'min_shared_wrong', label: 'dup.set.sharedWrong', hint: 'dup.set.sharedWrongHint', value: 1, step: '1', min: 1 },
  { name: 'address_window_minutes', label: 'dup.set.window', hint: 'dup.set.windowHint', value: 10, step: '1', min: 1 },
  { name: 'address_min_accounts', label: 'dup.set.accounts', hint: 'dup.set.accountsHint', value: 5, step: '1', min: 2 },
];

function evidenceText(finding, lang) {
  const e = finding.evidence || {};
  const n = (v) => formatNumber(v ?? 0, lang);
  switch (finding.kind) {
    case 'same_name_birth_date': return t('dup.ev.sameName', { n: n(e.accounts), name: e.name, birth: e.birth_date });
    case 'same_id_number': return e.match === 'one_typo_apart'
      ? t('dup.ev.idTypo', { spellings: (e.spellings || []).join('; ') })
      : t('dup.ev.idSame', { id: e.id_number, spellings: (e.spellings || []).join('; ') });
    case 'one_address': return t('dup.ev.address', {
      n: n(e.accounts), address: e.address, minutes: n(Math.round((e.window_ms || 0) / 60000)), total: n(e.accounts_from_address),
      from: formatDateTime(e.first_at, lang), to: formatDateTime(e.last_at, lang) });
    case 'too_fast': return t('dup.ev.tooFast', {
      duration: formatDuration(e.duration_ms, lang), questions: n(e.questions), per: formatDuration(e.ms_per_question, lang),
      threshold: formatDuration(e.threshold_ms, lang) });
    case 'identical_answers': return t('dup.ev.identical', {
      n: n((e.entries || []).length), questions: n(e.questions), wrong: n(e.shared_wrong),
      diff: formatDuration(e.max_time_difference_ms, lang) }) + (e.cut ? ` ${t('dup.ev.cut')}` : '');
    default: return JSON.stringify(e);
  }
}

function entryNote(attempts, reasons) {
  const marked = (attempts || []).filter((a) => reasons[a]);
  if (!marked.length) return null;
  return h('p', { class: 'field-error', 'data-testid': 'duplicate-entry-disqualified' },
    marked.map((a) => t('dup.entryDisqualified', { attempt: a, reason: reasons[a] })).join(' '));
}

function personItem(p, lang) {
  const facts = [p.phone, p.birth_date, p.id_number && `${t('dup.idNumber')} ${p.id_number}`, p.unit,
    p.registered_from && t('dup.registered', { address: p.registered_from, at: p.registered_at ? formatDateTime(p.registered_at, lang) : '—' })]
    .filter(Boolean).join(' · ');
  return h('li', { 'data-testid': 'duplicate-person', 'data-participant': p.participant },
    h('strong', {}, p.name), ' ', h('span', { class: 'muted' }, facts),
    p.disqualified ? h('span', { class: 'field-error', 'data-testid': 'duplicate-disqualified' }, ` ${t('dup.disqualified', { reason: p.disqualified })}`) : null);
}

function renderReport(report, unitNames) {
  const lang = i18n.lang;
  const findings = report.findings || [];
  const counts = h('ul', { class: 'dup-counts', 'data-testid': 'duplicates-summary' }, KINDS.map((kind) =>
    h('li', { 'data-kind': kind }, `${t(`dup.kind.${kind}`)}: `, h('strong', {}, formatNumber(report.counts?.[kind] ?? 0, lang)))));
  const intro = h('p', { class: 'muted' }, t('dup.read', { entries: formatNumber(report.entries, lang), entrants: formatNumber(report.entrants, lang) }));
  if (!findings.length) return [intro, counts, h('p', { class: 'notice ok', 'data-testid': 'duplicates-empty' }, t('dup.none'))];
  const table = h('div', { class: 'table-wrap', role: 'region', tabindex: '0', 'aria-label': t('dup.heading') },
    h('table', { class: 'duplicates', 'data-testid': 'duplicates-table' },
      h('thead', {}, h('tr', {}, tx('th', 'dup.col.kind', { scope: 'col' }), tx('th', 'dup.col.evidence', { scope: 'col' }),
        tx('th', 'dup.col.people', { scope: 'col' }))),
      h('tbody', {}, findings.map((f) => h('tr', { 'data-testid': 'duplicate-finding', 'data-kind': f.kind },
        h('td', { 'data-col': 'kind' }, t(`dup.kind.${f.kind}`)),
        h('td', { 'data-col': 'evidence' }, evidenceText(f, lang), entryNote(f.attempts, report.disqualified_entries || {})),
        h('td', { 'data-col': 'people' }, h('ul', { class: 'plain' },
          (f.people || []).map((p) => personItem({ ...p, unit: unitNames.get(p.unit) || p.unit }, lang)))))))));
  return [intro, counts, table];
}

// contest: the public view (unit names); round: one of its rounds.
export function duplicatesPanel(session, contest, round) {
  const base = `/api/admin/contests/${encodeURIComponent(contest.id)}/rounds/${encodeURIComponent(round.id)}/duplicates`;
  const unitNames = new Map((contest.units || []).map((u) => [u.id, u.name]));
  const inputs = SETTINGS.map((s) => {
    const f = field({ label: s.label, type: 'number', value: s.value, hint: s.hint,
      attrs: { step: s.step, min: s.min, inputmode: 'decimal' }, testid: `dup-setting-${s.name}` });
    return { ...s, ...f };
  });
  let report = null;
  const result = h('div', { class: 'dup-result', 'data-testid': 'duplicates-result' });
  const message = dyn('p', { class: 'action-msg', 'aria-live': 'polite', 'data-testid': 'duplicates-msg' }, () => null);
  const say = (kind, make) => redraw(message, () => (make ? h('span', { class: kind === 'error' ? 'field-error' : 'ok-text' }, make()) : null));
  const draw = () => { clear(result); if (report) result.append(...renderReport(report, unitNames)); };
  i18n.onChange(() => { if (result.isConnected) draw(); });

  // The query of the settings as typed; null when one is not a number (the
  // server checks the ranges and names the field it refuses).
  function query() {
    const params = new URLSearchParams();
    for (const s of inputs) {
      clearError(s.input);
      const value = Number(s.input.value);
      if (s.input.value.trim() === '' || !Number.isFinite(value)) {
        setError(s.input, t('dup.err.number'));
        s.input.focus();
        return null;
      }
      params.set(s.name, String(Math.round(s.seconds ? value * 1000 : value)));
    }
    return params;
  }

  function refused(error) {
    const where = error instanceof ApiError ? error.details?.field : null;
    const input = inputs.find((s) => s.name === where)?.input;
    if (input) {
      setError(input, t('dup.err.range'));
      input.focus();
      say('error', () => t('dup.err.setting'));
    } else {
      say('error', () => errorText(error, { 403: 'dup.err.forbidden' }));
    }
  }

  const check = tx('button', 'dup.check', { type: 'button', 'data-testid': 'duplicates-check' });
  check.addEventListener('click', async () => {
    const params = query();
    if (!params) return;
    check.disabled = true;
    say();
    try {
      report = await session.call(`${base}?${params}`);
      draw();
      say('ok', () => t('dup.checked', { n: formatNumber(report.findings.length, i18n.lang) }));
    } catch (error) {
      if (!(error instanceof ApiError)) console.error(error);
      refused(error);
    } finally {
      check.disabled = false;
    }
  });

  const download = tx('button', 'dup.xlsx', { type: 'button', class: 'secondary', 'data-testid': 'duplicates-xlsx' });
  download.addEventListener('click', async () => {
    const params = query();
    if (!params) return;
    params.set('format', 'xlsx');
    download.disabled = true;
    try {
      const name = `${contest.id}-${round.id}-nghi-trung-lap.xlsx`;
      await session.fetchFile(`${base}?${params}`, name);
      say('ok', () => t('round.downloaded', { name }));
    } catch (error) {
      if (!(error instanceof ApiError)) console.error(error);
      refused(error);
    } finally {
      download.disabled = false;
    }
  });

  return h('details', { class: 'duplicates-panel', 'data-testid': 'duplicates' },
    tx('summary', 'dup.heading'),
    tx('p', 'dup.intro', { class: 'hint' }),
    h('div', { class: 'grid-3 dup-settings' }, inputs.map((s) => s.wrap)),
    h('div', { class: 'actions' }, check, download),
    message, result);
}
