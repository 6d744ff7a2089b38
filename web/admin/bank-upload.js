// Uploading a question bank: pick a file, check the format and id the page
// guessed, and the page checks the file at once with a dry run (POST
// /api/admin/banks?…&dry_run=1, nothing stored): a file with problems shows
// every one with its place (a line, a sheet's cell, a Word question and
// paragraph) so the organiser can fix the file in one pass; a valid one
// shows its question count, topics and its first questions as a contestant
// will see them, right answers marked. "Lưu ngân hàng câu hỏi" then sends
// the same bytes for real and shows the stored version.

import { h, clear } from '/shared/dom.js';
import { formatNumber } from '/shared/format.js';
import { ApiError } from '/shared/http.js';
import { i18n, t, dyn, redraw } from './text.js';
import { field, tx, setError, clearError } from './form-fields.js';
import { errorText } from './errors.js';
import {
  ACCEPT, CONTENT_TYPES, FORMATS, detectFormat, idFromFileName, jsonIdentity, takesSheet, takesTopic,
} from './bank-format.js';
import { topicTable } from './banks.js';

export function mountBankUpload(root, session, store) {
  const file = field({ label: 'upload.file', type: 'file', hint: 'upload.fileHint', testid: 'bank-file', attrs: { accept: ACCEPT } });
  const format = field({ label: 'upload.format', type: 'select', options: FORMATS.map((f) => [f, `format.${f}`]), testid: 'bank-format' });
  const formatHow = dyn('p', { class: 'hint', 'data-testid': 'bank-format-how' }, () => null);
  format.wrap.append(formatHow);
  const sheet = field({ label: 'upload.sheet', hint: 'upload.sheetHint', testid: 'bank-sheet', attrs: { autocomplete: 'off', spellcheck: 'false' } });
  const topic = field({ label: 'upload.topic', hint: 'upload.topicHint', testid: 'bank-topic', attrs: { autocomplete: 'off' } });
  const id = field({ label: 'upload.id', hint: 'upload.idHint', testid: 'bank-id',
    attrs: { autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', maxlength: 64 } });
  const title = field({ label: 'upload.title', hint: 'upload.titleHint', testid: 'bank-title', attrs: { autocomplete: 'off' } });
  const submit = tx('button', 'upload.submit', { type: 'submit', 'data-testid': 'bank-submit' });
  const recheck = tx('button', 'upload.check', { type: 'button', class: 'secondary', 'data-testid': 'bank-check' });
  // The one live region of the upload: what is being done, then what came
  // of it, so a screen reader hears each check and each store once.
  const status = dyn('p', { class: 'upload-status', role: 'status', 'aria-live': 'polite', 'data-testid': 'bank-status' }, () => null);
  const result = h('div', { class: 'upload-result', 'data-testid': 'bank-result', tabindex: '-1' });

  // The check's result sits between the fields and the Store button: the
  // organiser reads the preview, then stores.
  const form = h('form', { class: 'card', novalidate: true, 'data-testid': 'bank-upload-form' },
    file.wrap, format.wrap, sheet.wrap, topic.wrap, id.wrap, title.wrap, status, result,
    h('div', { class: 'actions' }, submit, recheck));
  clear(root).append(tx('h3', 'upload.heading'), tx('p', 'upload.intro', { class: 'muted' }), form);

  function showOptions() {
    sheet.wrap.hidden = !takesSheet(format.input.value);
    topic.wrap.hidden = !takesTopic(format.input.value);
  }
  showOptions();

  // The id the page filled in is replaced when another file is picked; one
  // the organiser typed is theirs and stays.
  let autoId = '';
  let autoTitle = '';
  id.input.addEventListener('input', () => { autoId = null; });
  title.input.addEventListener('input', () => { autoTitle = null; });

  file.input.addEventListener('change', async () => {
    clearError(file.input);
    const picked = file.input.files[0];
    if (!picked) { reset(); return; }
    const { format: guessed, how } = await detectFormat(picked);
    format.input.value = guessed;
    showOptions();
    redraw(formatHow, () => t(`upload.formatHow.${how}`, { name: picked.name }));
    let identity = null;
    if (guessed === 'json') identity = await jsonIdentity(picked);
    const newId = identity?.id || (guessed === 'json' ? '' : idFromFileName(picked.name));
    if (autoId !== null || !id.input.value) { id.input.value = newId; autoId = newId; }
    const newTitle = identity?.title || '';
    if (autoTitle !== null || !title.input.value) { title.input.value = newTitle; autoTitle = newTitle; }
    clearError(id.input);
    check();
  });
  format.input.addEventListener('change', () => {
    redraw(formatHow, () => t('upload.formatHow.chosen'));
    showOptions();
    check();
  });
  // A sheet or topic changes what the file gives: check again. Enter there
  // checks too, rather than storing a file whose preview was not seen.
  for (const input of [sheet.input, topic.input]) {
    input.addEventListener('change', () => check());
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') { event.preventDefault(); check(); }
    });
  }
  recheck.addEventListener('click', () => {
    if (!file.input.files[0]) { setError(file.input, t('upload.needFile')); file.input.focus(); return; }
    check();
  });

  function query(fmt, { dryRun }) {
    const q = new URLSearchParams({ format: fmt });
    const bankId = id.input.value.trim();
    if (bankId) q.set('id', bankId);
    if (title.input.value.trim()) q.set('title', title.input.value.trim());
    if (takesSheet(fmt) && sheet.input.value.trim()) q.set('sheet', sheet.input.value.trim());
    if (takesTopic(fmt) && topic.input.value.trim()) q.set('topic', topic.input.value.trim());
    if (dryRun) q.set('dry_run', '1');
    // The server's messages in the page's language.
    q.set('lang', i18n.lang);
    return q;
  }

  const send = (picked, fmt, dryRun) => session.call(`/api/admin/banks?${query(fmt, { dryRun })}`,
    { method: 'POST', body: picked, contentType: CONTENT_TYPES[fmt] || 'text/plain' });

  // Checks and stores are numbered: only the newest one's answer is shown
  // (a check still on its way when Store is pressed, or when another file
  // is picked, is dropped).
  let seq = 0;

  // A check on its way when the language changes would answer in the old
  // one (a field's change event fires as the language button takes the
  // focus): the listener below asks again.
  let checking = false;
  async function check() {
    const picked = file.input.files[0];
    if (!picked) return;
    const mine = ++seq;
    checking = true;
    const fmt = format.input.value;
    say(() => t('upload.checking', { name: picked.name }));
    show(null);
    try {
      const reply = await send(picked, fmt, true);
      if (mine !== seq) return;
      checking = false;
      const warnings = reply.warnings || [];
      say(() => t('upload.checkedOk', { name: picked.name, n: formatNumber(reply.bank.questions, i18n.lang),
        topics: reply.bank.topics.length, warnings: warnings.length }));
      show(() => previewReport(reply, picked.name));
      checkShown = true;
    } catch (error) {
      if (mine !== seq) return;
      checking = false;
      checkShown = showError(error, picked);
    }
  }

  // A refused file (its problem table) or a failed request, after a check
  // or a store; true for a problem table, which a language change asks for
  // again.
  function showError(error, picked, { focus = false } = {}) {
    if (error instanceof ApiError && error.code === 'invalid_bank') {
      const { errors, warnings } = counts(error.details);
      say(() => t('upload.checkedBad', { name: picked.name, errors, warnings }));
      show(() => problemReport(error.details, picked.name), { focus });
      return true;
    }
    say(() => errorText(error));
    show(() => failure(error), { focus });
    return false;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearError(file.input);
    clearError(id.input);
    const picked = file.input.files[0];
    const fmt = format.input.value;
    if (!picked) { setError(file.input, t('upload.needFile')); file.input.focus(); return; }
    // Only JSON files carry their own id; for the others the server would
    // refuse the file, so say it here, at the field.
    if (!id.input.value.trim() && fmt !== 'json') { setError(id.input, t('upload.needId')); id.input.focus(); return; }
    const mine = ++seq;
    checking = false;  // a check on its way is dropped: the store answers now
    submit.disabled = true;
    say(() => t('upload.sending', { name: picked.name }));
    try {
      const reply = await send(picked, fmt, false);
      store.refresh();
      if (mine !== seq) return;
      const { bank } = reply;
      say(() => t('upload.storedSummary', { id: bank.id, version: bank.version, n: formatNumber(bank.questions, i18n.lang), topics: bank.topics.length }));
      show(() => storedReport(reply, picked.name), { focus: true });
    } catch (error) {
      if (mine !== seq) return;
      showError(error, picked, { focus: true });
    } finally {
      submit.disabled = false;
    }
  });

  let shown = null; // what the result area shows, redrawn on a language switch
  // The server words its messages in the language asked (?lang=): a check's
  // result is asked for again in the new language; anything else is redrawn.
  let checkShown = false;
  function draw() {
    clear(result);
    if (shown) result.append(shown());
  }
  function show(make, { focus = false } = {}) {
    shown = make;
    checkShown = false;
    draw();
    if (focus) result.focus();
  }
  function say(make) { redraw(status, make); }
  function reset() {
    seq += 1;
    checking = false;
    say(() => null);
    show(null);
  }
  i18n.onChange(() => {
    if ((checkShown || checking) && file.input.files[0]) check();
    else draw();
  });
}

function failure(error) {
  return h('p', { class: 'notice error', 'data-testid': 'bank-failure' }, errorText(error));
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

// Where a problem is, in the page's language, from the problem's own
// fields: "Câu hỏi!J14", "Câu hỏi, hàng 14", "Câu 12, đoạn 40", "Dòng 14"
// (in English as the server words it: "question 12, paragraph 40",
// "line 14"). A place the page has no words for shows the server's.
export function placeText(p, lang = i18n.lang) {
  const n = (x) => String(x);
  if (p.sheet) {
    if (p.cell) return `${p.sheet}!${p.cell}`;
    const row = p.row ?? p.line;
    return row ? `${p.sheet}, ${t('place.row', { n: n(row) })}` : p.sheet;
  }
  const parts = [];
  if (p.question) parts.push(t('place.question', { n: n(p.question) }));
  if (p.paragraph) parts.push(t('place.paragraph', { n: n(p.paragraph) }));
  else if (p.row) parts.push(t('place.row', { n: n(p.row) }));
  else if (p.line) parts.push(t('place.line', { n: n(p.line) }));
  const text = parts.join(', ');
  if (!text) return p.place || t('problem.wholeFile');
  return lang === 'vi' ? text[0].toLocaleUpperCase('vi') + text.slice(1) : text;
}

export function problemTable(problems, testid) {
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'problems', 'data-testid': testid },
      h('thead', {}, h('tr', {},
        tx('th', 'problem.place', { scope: 'col' }), tx('th', 'problem.field', { scope: 'col' }),
        tx('th', 'problem.severity', { scope: 'col' }), tx('th', 'problem.message', { scope: 'col' }))),
      h('tbody', {}, sortProblems(problems).map((p) => {
        const warning = p.severity === 'warning';
        return h('tr', { class: warning ? 'warning' : 'error', 'data-testid': 'problem-row', 'data-line': p.line ?? 0, 'data-severity': warning ? 'warning' : 'error' },
          h('td', { class: 'place', 'data-testid': 'problem-place' }, placeText(p)),
          h('td', { 'data-testid': 'problem-field' }, p.field ? h('code', {}, p.field) : ''),
          h('td', { 'data-testid': 'problem-severity' }, h('span', { class: `badge ${warning ? 'warn' : 'error'}` }, t(warning ? 'problem.warning' : 'problem.error'))),
          h('td', { 'data-testid': 'problem-message' }, p.message || ''));
      }))));
}

function problemReport(problems, fileName) {
  const { errors, warnings } = counts(problems);
  return h('section', { class: 'report refused', 'aria-labelledby': 'bank-report-heading', 'data-testid': 'bank-problems' },
    h('h4', { id: 'bank-report-heading' }, t('upload.refusedHeading', { name: fileName })),
    h('p', { class: 'notice error', 'data-testid': 'bank-problem-summary' }, t('upload.problemSummary', { errors, warnings })),
    problemTable(problems, 'bank-problem-table'));
}

// One question of the preview as the contestant's page shows it: its
// number, the text, the options lettered A, B, C… in the file's order; and
// for the organiser the right ones marked in words, not by colour alone.
function previewQuestion(q, index, topicNames) {
  const right = new Set(String(q.correct || '').split(',').map((s) => s.trim()).filter(Boolean));
  return h('li', { class: 'preview-question', 'data-testid': 'preview-question', 'data-question': q.id },
    h('p', { class: 'preview-head' },
      h('strong', {}, q.label || t('preview.number', { n: index + 1 })),
      h('span', { class: 'muted' }, ' · ', topicNames.get(q.topic) || q.topic, ' · ', h('code', {}, q.id))),
    h('p', { class: 'question-text', 'data-testid': 'preview-text' }, q.text),
    h('p', { class: 'hint' }, t(right.size > 1 ? 'preview.chooseMany' : 'preview.chooseOne')),
    h('ul', { class: 'preview-options' }, (q.options || []).map((o) => {
      const correct = right.has(o.letter);
      return h('li', { class: correct ? 'correct' : null, 'data-testid': 'preview-option', 'data-letter': o.letter, 'data-correct': correct ? 'true' : 'false' },
        h('span', { class: 'option-letter' }, `${o.letter}.`), ' ',
        h('span', { class: 'option-text' }, o.text),
        correct ? [' ', h('span', { class: 'badge ok', 'data-testid': 'preview-right' }, t('preview.rightMark'))] : null);
    })),
    h('p', { class: 'preview-correct', 'data-testid': 'preview-correct' }, t('preview.correct', { letters: q.correct || '—' })));
}

function previewReport(reply, fileName) {
  const { bank, warnings = [] } = reply;
  const lang = i18n.lang;
  const topics = bank.topics || [];
  const preview = bank.preview || [];
  const topicNames = new Map(topics.map((x) => [x.id, x.name || x.id]));
  return h('section', { class: 'report preview', 'aria-labelledby': 'bank-report-heading', 'data-testid': 'bank-preview' },
    h('h4', { id: 'bank-report-heading' }, t('upload.previewHeading', { name: fileName })),
    h('p', { class: 'notice ok', 'data-testid': 'bank-preview-summary' },
      t('upload.previewSummary', { id: bank.id, n: formatNumber(bank.questions, lang), topics: topics.length })),
    h('dl', { class: 'facts' },
      h('div', {}, tx('dt', 'bank.id'), h('dd', { 'data-testid': 'preview-id' }, h('code', {}, bank.id))),
      h('div', {}, tx('dt', 'bank.title'), h('dd', { 'data-testid': 'preview-title' }, bank.title)),
      h('div', {}, tx('dt', 'bank.questions'), h('dd', { 'data-testid': 'preview-questions' }, formatNumber(bank.questions, lang))),
      h('div', {}, tx('dt', 'preview.topics'), h('dd', { 'data-testid': 'preview-topic-count' }, formatNumber(topics.length, lang)))),
    tx('h5', 'upload.topicsHeading'),
    topicTable(topics, 'preview-topics'),
    warnings.length ? [
      h('p', { class: 'notice warn', 'data-testid': 'bank-warning-summary' }, t('upload.previewWarnings', { warnings: warnings.length })),
      problemTable(warnings, 'bank-warning-table'),
    ] : null,
    h('h5', {}, t('upload.previewQuestions', { shown: preview.length, n: formatNumber(bank.questions, lang) })),
    h('ol', { class: 'preview-list', 'data-testid': 'preview-list' }, preview.map((q, i) => previewQuestion(q, i, topicNames))),
    h('p', { class: 'hint' }, t('upload.storeHint')));
}

function storedReport(reply, fileName) {
  const { bank, warnings = [] } = reply;
  const lang = i18n.lang;
  return h('section', { class: 'report stored', 'aria-labelledby': 'bank-report-heading', 'data-testid': 'bank-stored' },
    h('h4', { id: 'bank-report-heading' }, t('upload.storedHeading', { name: fileName })),
    h('p', { class: 'notice ok', 'data-testid': 'bank-stored-summary' },
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
