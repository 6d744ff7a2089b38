// The award ceremony for a projector (/results/ceremony.html?contest=…&round=…):
// one winner at a time, from the consolation prizes up to the first prizes
// (the order is explained in prizes.js, ceremonySteps), driven by the
// keyboard or a presenter's clicker:
//   → Space Enter PageDown: next   ← Backspace PageUp: back
//   Home: back to the title card   F: full screen
// Step 0 is the title card; step k shows the k-th winner. Each step is
// announced through an aria-live region, so a screen reader follows along.
// An unpublished round waits on screen and starts when it is published.
// The final ranking across rounds (…&final=1, final.js) is revealed the same
// way, and waits for `final.published`.

import { h, clear, $ } from '/shared/dom.js';
import { createI18n } from '/shared/i18n.js';
import { formatDuration, formatNumber } from '/shared/format.js';
import { TEXT } from './text.js';
import { listContests, getContest, resultsOf, publishedRounds } from './data.js';
import { FINAL, finalChoice, choiceFrom, setChoice } from './final.js';
import { ceremonySteps } from './prizes.js';
import { createPicker } from './picker.js';
import { createLive } from './live.js';

const i18n = createI18n(TEXT);
const t = i18n.t;

const state = {
  contests: null,
  contestId: null,
  roundId: null,   // a round id, or FINAL
  view: null,
  results: null,   // the published results, or null while waiting
  steps: [],
  step: 0,
  problem: null,
  published: new Set(), // for the picker's labels
};

const live = createLive({ i18n, banner: $('#connection') });
function urlWith(contest, round) {
  const params = new URLSearchParams(location.search);
  params.delete('contest');
  if (contest) params.set('contest', contest);
  setChoice(params, round);
  return `${location.pathname}?${params}`;
}

const picker = createPicker({ i18n, onPick: (contest, round) => {
  history.pushState(null, '', urlWith(contest, round));
  load();
} });

function round() {
  if (state.roundId === FINAL) return finalChoice(state.view);
  return state.view?.rounds?.find((r) => r.id === state.roundId) || null;
}

function noneText(r) { return t(r?.final ? 'finalCeremonyNone' : 'ceremonyNone'); }

function scoreText(w) {
  const lang = i18n.lang;
  const score = t('scoreValue', { score: formatNumber(w.score, lang), max: formatNumber(w.max_score, lang) });
  return w.duration_ms === null || w.duration_ms === undefined ? score : `${score} · ${formatDuration(w.duration_ms, lang)}`;
}

function announce(text) {
  const region = $('#announcer');
  region.textContent = text;
}

function progressText() { return `${state.step}/${state.steps.length}`; }

function introCard(r) {
  const n = state.steps.length;
  return h('div', { class: 'cer-card cer-intro', 'data-testid': 'ceremony-intro' },
    h('h1', { class: 'cer-heading' }, t('ceremonyTitle')),
    h('p', { class: 'cer-intro-round' }, r.title),
    h('p', { class: 'cer-intro-text' }, n > 0 ? t('ceremonyIntro', { n }) : noneText(r)),
    n > 0 ? h('p', { class: 'cer-start' }, t('ceremonyStart')) : null);
}

function revealCard(s) {
  const w = s.winner;
  return h('div', { class: 'cer-card cer-reveal', 'data-testid': 'ceremony-card', 'data-step': state.step },
    h('p', { class: 'cer-category', 'data-testid': 'ceremony-category' }, s.categoryName),
    h('h1', { class: 'cer-prize', 'data-testid': 'ceremony-prize' }, s.prize),
    h('p', { class: 'cer-name', 'data-testid': 'ceremony-name' }, w.name),
    h('p', { class: 'cer-unit', 'data-testid': 'ceremony-unit' }, w.unit_name || w.unit),
    h('p', { class: 'cer-score tabular', 'data-testid': 'ceremony-score' }, scoreText(w)),
    s.group.length ? h('p', { class: 'cer-also', 'data-testid': 'ceremony-also' },
      `${t('sameAward')}: `, s.group.map((g) => g.name).join(', ')) : null,
    state.step === state.steps.length ? h('p', { class: 'cer-end', 'data-testid': 'ceremony-end' }, t('ceremonyEnd')) : null);
}

function render() {
  document.title = t('ceremonyPageTitle');
  $('#lang-switch').setAttribute('lang', i18n.lang === 'vi' ? 'en' : 'vi');
  const r = round();
  $('#cer-contest').textContent = state.view?.title || '';
  $('#cer-round').textContent = r?.title || '';
  const params = new URLSearchParams();
  if (state.contestId) params.set('contest', state.contestId);
  setChoice(params, state.roundId);
  $('#to-results').setAttribute('href', `/results/${params.toString() ? `?${params}` : ''}`);
  const stage = clear($('#stage'));
  const ready = Boolean(r && state.results);
  $('#progress').textContent = ready ? progressText() : '';
  $('#next').disabled = !ready || state.step >= state.steps.length;
  $('#back').disabled = !ready || state.step <= 0;

  if (state.problem) {
    stage.append(h('p', { class: 'cer-card cer-problem', 'data-testid': 'problem' },
      typeof state.problem === 'string' ? t(state.problem) : state.problem.text));
    return;
  }
  if (!r) {
    picker.update({ contests: state.contests, view: state.view, contest: state.contestId || '', round: '',
      published: state.published });
    stage.append(h('div', { class: 'cer-card cer-pick' }, h('p', {}, t('pickHint')), picker.element));
    return;
  }
  if (!state.results) {
    stage.append(h('div', { class: 'cer-card', 'data-testid': 'not-published' },
      h('h1', { class: 'cer-heading' }, t('notPublishedTitle')),
      h('p', { class: 'cer-intro-text' }, r.final ? t('finalNotPublished', { title: r.title }) : t('notPublished', { round: r.title })),
      h('p', { class: 'cer-muted' }, t('ceremonyWaiting'))));
    return;
  }
  stage.append(state.step === 0 ? introCard(r) : revealCard(state.steps[state.step - 1]));
}

function announceStep() {
  const r = round();
  if (!r || !state.results) return;
  if (state.step === 0) {
    announce(t('announceIntro', { title: t('ceremonyTitle'),
      intro: state.steps.length ? t('ceremonyIntro', { n: state.steps.length }) : noneText(r) }));
    return;
  }
  const s = state.steps[state.step - 1];
  let text = t('announce', { progress: progressText(), prize: s.prize, category: s.categoryName,
    name: s.winner.name, unit: s.winner.unit_name || s.winner.unit, score: scoreText(s.winner) });
  if (state.step === state.steps.length) text += ` ${t('ceremonyEnd')}`;
  announce(text);
}

function go(step) {
  if (!state.results) return;
  const next = Math.max(0, Math.min(state.steps.length, step));
  if (next === state.step) return;
  state.step = next;
  render();
  announceStep();
}

async function toggleFullscreen() {
  try {
    if (document.fullscreenElement) await document.exitFullscreen();
    else await document.documentElement.requestFullscreen();
  } catch { /* refused (no user gesture, or not allowed): stay as is */ }
}

function setResults(results) {
  state.results = results;
  state.steps = results ? ceremonySteps(state.view, round(), results.winners || []) : [];
  state.step = Math.min(state.step, state.steps.length);
}

async function load() {
  const params = new URLSearchParams(location.search);
  state.contestId = params.get('contest') || null;
  state.roundId = choiceFrom(params);
  state.problem = null;
  state.results = null;
  state.steps = [];
  state.step = 0;
  state.published = new Set();
  try {
    if (!state.contests) state.contests = await listContests();
    if (!state.contestId && state.contests.length === 1) state.contestId = state.contests[0].id;
    state.view = state.contestId ? await getContest(state.contestId) : null;
    if (state.view && !state.roundId) {
      // As on the results page: without a round, the latest published one
      // (the final once it is out).
      const published = await publishedRounds(state.view);
      const latest = published.has(FINAL) ? finalChoice(state.view)
        : [...state.view.rounds].reverse().find((r) => published.has(r.id));
      if (latest) {
        state.roundId = latest.id;
        history.replaceState(null, '', urlWith(state.contestId, state.roundId));
      }
      state.published = new Set(published.keys());
    }
    if (state.contestId && !state.view) state.problem = 'contestNotFound';
    else if (state.roundId && !round()) state.problem = state.roundId === FINAL ? 'finalNotFound' : 'roundNotFound';
    if (state.view) live.subscribe(state.contestId);
    if (round()) setResults(await resultsOf(state.contestId, state.roundId));
  } catch (error) {
    state.problem = { text: t('loadFailed', { message: error.message }) };
  }
  render();
  announceStep();
}

live.on('results.published', (msg) => {
  if (msg.contest !== state.contestId || msg.round !== state.roundId) return;
  setResults({ round: msg.round, summary: msg.summary, winners: msg.winners, collective: msg.collective });
  render();
  announceStep();
});

live.on('final.published', (msg) => {
  if (msg.contest !== state.contestId || state.roundId !== FINAL) return;
  setResults({ final: msg.final, summary: msg.summary, winners: msg.winners, collective: msg.collective });
  render();
  announceStep();
});

// After a reconnect, a round that was waiting may have been published.
live.onReady(async () => {
  if (!round() || state.results) return;
  const results = await resultsOf(state.contestId, state.roundId).catch(() => null);
  if (results && !state.results) { setResults(results); render(); announceStep(); }
});

document.addEventListener('keydown', (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
  const tag = event.target?.tagName;
  if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') return;
  // On a focused button or link, Space and Enter press it, as everywhere.
  const onControl = tag === 'BUTTON' || tag === 'A';
  switch (event.key) {
    case 'ArrowRight': case 'PageDown': go(state.step + 1); break;
    case ' ': case 'Enter': if (onControl) return; go(state.step + 1); break;
    case 'ArrowLeft': case 'PageUp': case 'Backspace': go(state.step - 1); break;
    case 'Home': go(0); break;
    case 'f': case 'F': toggleFullscreen(); break;
    default: return;
  }
  event.preventDefault();
});

$('#next').addEventListener('click', () => go(state.step + 1));
$('#back').addEventListener('click', () => go(state.step - 1));
$('#fullscreen').addEventListener('click', () => toggleFullscreen());
$('#lang-switch').addEventListener('click', () => i18n.toggle());
i18n.onChange(() => { render(); announceStep(); });
window.addEventListener('popstate', () => load());

i18n.apply();
live.start();
load();
