// Uploading a question bank: pick a file, check the format and id the page
// guessed, send the bytes as they are (POST /api/admin/banks?format&id&title).
// A refused file shows every problem the server found, by line, so the
// organiser can fix the file in one pass; a stored one shows its version,
// question count and topics.

import { h, clear } from '/shared/dom.js';
import { formatNumber } from '/shared/format.js';
import { ApiError } from '/shared/http.js';
import { i18n, t, dyn, redraw } from './text.js';
import { field, tx, setError, clearError } from './form-fields.js';
import { errorText } from './errors.js';
import { detectFormat, idFromFileName, jsonIdentity } from './bank-format.js';
import { topicTable } from './banks.js';

const FORMATS = [['json', 'format.json'], ['csv', 'format.csv'], ['gift', 'format.gift'], ['aiken', 'format.aiken']];

export function mountBankUpload(root, session, store) {
  const file = field({ label: 'upload.file', type: 'file', hint: 'upload.fileHint', testid: 'bank-file',
    attrs: { accept: '.json,.csv,.gift,.aiken,.txt,application/json,text/csv,text/plain' } });
  const format = field({ label: 'upload.format', type: 'select', options: FORMATS, testid: 'bank-format' });
  const formatHow = dyn('p', { class: 'hint', 'data-testid': 'bank-format-how' }, () => null);
  format.wrap.append(formatHow);
  const id = field({ label: 'upload.id', hint: 'upload.idHint', testid: 'bank-id',
    attrs: { autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', maxlength: 64 } });
  const title = field({ label: 'upload.title', hint: 'upload.titleHint', testid: 'bank-title', attrs: { autocomplete: 'off' } });
  const submit = tx('button', 'upload.submit', { type: 'submit', 'data-testid': 'bank-submit' });
  const busy = dyn('span', { class: 'muted', 'aria-live': 'polite' }, () => null);
  const result = h('div', { class: 'upload-result', 'data-testid': 'bank-result', tabindex: '-1' });

  const form = h('form', { class: 'card', novalidate: true, 'data-testid': 'bank-upload-form' },
    file.wrap, format.wrap, id.wrap, title.wrap, h('div', { class: 'actions' }, submit, busy));
  clear(root).append(tx('h3', 'upload.heading'), tx('p', 'upload.intro', { class: 'muted' }), form, result);

  // The id the page filled in is replaced when another file is picked; one
  // the organiser typed is theirs and stays.
  let autoId = '';
  let autoTitle = '';
  id.input.addEventListener('input', () => { autoId = null; });
  title.input.addEventListener('input', () => { autoTitle = null; });

  file.input.addEventListener('change', async () => {
    clearError(file.input);
    const picked = file.input.files[0];
    if (!picked) return;
    const { format: guessed, how } = await detectFormat(picked);
    format.input.value = guessed;
    redraw(formatHow, () => t(`upload.formatHow.${how}`, { name: picked.name }));
    let identity = null;
    if (guessed === 'json') identity = await jsonIdentity(picked);
    const newId = identity?.id || (guessed === 'json' ? '' : idFromFileName(picked.name));
    if (autoId !== null || !id.input.value) { id.input.value = newId; autoId = newId; }
    const newTitle = identity?.title || '';
    if (autoTitle !== null || !title.input.value) { title.input.value = newTitle; autoTitle = newTitle; }
    clearError(id.input);
  });
  format.input.addEventListener('change', () => redraw(formatHow, () => t('upload.formatHow.chosen')));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError(file.input);
    clearError(id.input);
    const picked = file.input.files[0];
    const fmt = format.input.value;
    const bankId = id.input.value.trim();
    if (!picked) { setError(file.input, t('upload.needFile')); file.input.focus(); return; }
    // Only JSON files carry their own id; for the others the server would
    // refuse the file, so say it here, at the field.
    if (!bankId && fmt !== 'json') { setError(id.input, t('upload.needId')); id.input.focus(); return; }
    const query = new URLSearchParams({ format: fmt });
    if (bankId) query.set('id', bankId);
    if (title.input.value.trim()) query.set('title', title.input.value.trim());
    submit.disabled = true;
    redraw(busy, () => t('upload.sending'));
    try {
      const reply = await session.call(`/api/admin/banks?${query}`, { method: 'POST', body: picked,
        contentType: fmt === 'json' ? 'application/json' : fmt === 'csv' ? 'text/csv' : 'text/plain' });
      showStored(reply, picked.name);
      store.refresh();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'invalid_bank') showProblems(error.details, picked.name);
      else showFailure(error);
    } finally {
      submit.disabled = false;
      redraw(busy, () => null);
    }
  });

  let shown = null; // what the result area shows, redrawn on a language switch
  function draw() {
    clear(result);
    if (shown) result.append(shown());
  }
  function show(make) { shown = make; draw(); result.focus(); }
  i18n.onChange(draw);

  function showProblems(problems, fileName) {
    show(() => problemReport(problems, fileName));
  }

  function showStored(reply, fileName) {
    show(() => storedReport(reply, fileName));
  }

  function showFailure(error) {
    show(() => h('p', { class: 'notice error', role: 'alert', 'data-testid': 'bank-failure' }, errorText(error)));
  }
}

function counts(problems) {
  const errors = problems.filter((p) => p.severity !== 'warning').length;
  return { errors, warnings: problems.length - errors };
}

// Sorted by line (0, the whole file, first); at one line errors before
// warnings, otherwise in the server's order.
function sortProblems(problems) {
  return problems.map((p, i) => ({ p, i })).sort((a, b) =>
    (a.p.line ?? 0) - (b.p.line ?? 0)
    || (a.p.severity === 'warning') - (b.p.severity === 'warning')
    || a.i - b.i).map(({ p }) => p);
}

export function problemTable(problems, testid) {
  const lang = i18n.lang;
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'problems', 'data-testid': testid },
      h('thead', {}, h('tr', {},
        tx('th', 'problem.line', { scope: 'col', class: 'num' }), tx('th', 'problem.field', { scope: 'col' }),
        tx('th', 'problem.severity', { scope: 'col' }), tx('th', 'problem.message', { scope: 'col' }))),
      h('tbody', {}, sortProblems(problems).map((p) => {
        const warning = p.severity === 'warning';
        return h('tr', { class: warning ? 'warning' : 'error', 'data-testid': 'problem-row', 'data-line': p.line ?? 0, 'data-severity': warning ? 'warning' : 'error' },
          h('td', { class: 'num', 'data-testid': 'problem-line' }, p.line ? formatNumber(p.line, lang) : t('problem.wholeFile')),
          h('td', { 'data-testid': 'problem-field' }, p.field ? h('code', {}, p.field) : ''),
          h('td', { 'data-testid': 'problem-severity' }, h('span', { class: `badge ${warning ? 'warn' : 'error'}` }, t(warning ? 'problem.warning' : 'problem.error'))),
          h('td', { 'data-testid': 'problem-message' }, p.message || ''));
      }))));
}

function problemReport(problems, fileName) {
  const { errors, warnings } = counts(problems);
  return h('section', { class: 'report refused', 'aria-labelledby': 'bank-report-heading', 'data-testid': 'bank-problems' },
    h('h4', { id: 'bank-report-heading' }, t('upload.refusedHeading', { name: fileName })),
    h('p', { class: 'notice error', role: 'alert', 'data-testid': 'bank-problem-summary' }, t('upload.problemSummary', { errors, warnings })),
    problemTable(problems, 'bank-problem-table'));
}

function storedReport(reply, fileName) {
  const { bank, warnings = [] } = reply;
  const lang = i18n.lang;
  return h('section', { class: 'report stored', 'aria-labelledby': 'bank-report-heading', 'data-testid': 'bank-stored' },
    h('h4', { id: 'bank-report-heading' }, t('upload.storedHeading', { name: fileName })),
    h('p', { class: 'notice ok', role: 'status', 'data-testid': 'bank-stored-summary' },
      t('upload.storedSummary', { id: bank.id, version: bank.version, n: formatNumber(bank.questions, lang), topics: bank.topics.length })),
    h('dl', { class: 'facts' },
      h('div', {}, tx('dt', 'bank.id'), h('dd', { 'data-testid': 'stored-id' }, h('code', {}, bank.id))),
      h('div', {}, tx('dt', 'bank.title'), h('dd', {}, bank.title)),
      h('div', {}, tx('dt', 'bank.versionLabel'), h('dd', { 'data-testid': 'stored-version' }, String(bank.version))),
      h('div', {}, tx('dt', 'bank.questions'), h('dd', { 'data-testid': 'stored-questions' }, formatNumber(bank.questions, lang)))),
    tx('h5', 'upload.topicsHeading'),
    topicTable(bank.topics || [], 'stored-topics'),
    warnings.length ? [
      h('p', { class: 'notice warn', 'data-testid': 'bank-warning-summary' }, t('upload.warningSummary', { warnings: warnings.length })),
      problemTable(warnings, 'bank-warning-table'),
    ] : null);
}
