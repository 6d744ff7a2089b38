// The award ceremony for a projector (/results/ceremony.html?contest=…&round=…):
// one prize at a time, the collective (unit) prizes first, each from its last
// place up to its first, then the individual winners from the consolation
// prizes up to the first prizes (the order is explained in prizes.js,
// ceremonySteps), driven by the keyboard or a presenter's clicker:
//   → Space Enter PageDown: next   ← Backspace PageUp: back
//   Home: back to the title card   F: full screen
// Step 0 is the title card; step k shows the k-th prize. Each step is
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

// A collective prize's figures, in the page's language: rates as "66,7 %",
// weighted values to two decimals, counts as whole numbers.
function decimal(n, digits) {
  return Number(n).toLocaleString(i18n.lang === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: digits });
}
const known = (x) => x !== null && x !== undefined;
const percent = (share) => (known(share) ? t('percentValue', { value: decimal(share * 100, 1) }) : '—');
const count = (n) => (known(n) ? formatNumber(n, i18n.lang) : '—');
const weighted = (v) => (known(v) ? decimal(v, 2) : '—');

// The figure a unit won on, labelled by the prize's metric. Lines published
// before they carried `metric` are read as the results page reads them
// (winners.js): a whole number equal to the entrants is a head count, a
// fraction up to 1 a rate, anything else a plain value.
function figureText(c) {
  const v = c.metric_value;
  const value = {
    entrants: () => count(c.entrants ?? v),
    participation_rate: () => percent(v ?? c.participation_rate),
    quality_rate: () => percent(v ?? c.quality_rate),
    prize_points: () => count(c.prize_points ?? v),
    weighted: () => weighted(v),
  }[c.metric];
  if (value) return t('collectiveFigure', { label: t(`metric_${c.metric}`), value: value() });
  let guess = '—';
  if (known(v)) guess = Number.isInteger(v) && v === c.entrants ? count(v) : (v >= 0 && v <= 1 ? percent(v) : weighted(v));
  return t('collectiveFigure', { label: t('metric'), value: guess });
}

// The unit's block by name, when the contest names its blocks.
function blockText(c) {
  const block = c.block && (state.view?.blocks || []).find((b) => b.id === c.block);
  return block ? t('blockValue', { block: block.name }) : '';
}

function collectiveTitle(s) {
  return t('collectivePrizePlace', { prize: s.prize, place: formatNumber(s.place, i18n.lang) });
}

function collectiveCount() { return state.steps.filter((s) => s.kind === 'collective').length; }

function introText(r) {
  const n = state.steps.length;
  if (n === 0) return noneText(r);
  const collective = collectiveCount();
  if (collective === 0) return t('ceremonyIntro', { n });
  return t('ceremonyIntroWithCollective', { n, collective, individual: n - collective });
}

function introCard(r) {
  const n = state.steps.length;
  return h('div', { class: 'cer-card cer-intro', 'data-testid': 'ceremony-intro' },
    h('h1', { class: 'cer-heading' }, t('ceremonyTitle')),
    h('p', { class: 'cer-intro-round' }, r.title),
    h('p', { class: 'cer-intro-text' }, introText(r)),
    n > 0 ? h('p', { class: 'cer-start' }, t('ceremonyStart')) : null);
}

function endLine() {
  return state.step === state.steps.length ? h('p', { class: 'cer-end', 'data-testid': 'ceremony-end' }, t('ceremonyEnd')) : null;
}

// A unit's prize, in the shape of a winner's card: the prize and place, the
// unit, its block, the figure it won on.
function collectiveCard(s) {
  const c = s.line;
  const block = blockText(c);
  return h('div', { class: 'cer-card cer-reveal cer-collective', 'data-testid': 'ceremony-card', 'data-kind': 'collective',
    'data-step': state.step },
  h('h1', { class: 'cer-prize', 'data-testid': 'ceremony-prize' }, collectiveTitle(s)),
  h('p', { class: 'cer-name', 'data-testid': 'ceremony-name' }, c.unit_name || c.unit),
  block ? h('p', { class: 'cer-unit', 'data-testid': 'ceremony-block' }, block) : null,
  h('p', { class: 'cer-score tabular', 'data-testid': 'ceremony-figure' }, figureText(c)),
  endLine());
}

function revealCard(s) {
  if (s.kind === 'collective') return collectiveCard(s);
  const w = s.winner;
  return h('div', { class: 'cer-card cer-reveal', 'data-testid': 'ceremony-card', 'data-kind': 'individual', 'data-step': state.step },
    h('p', { class: 'cer-category', 'data-testid': 'ceremony-category' }, s.categoryName),
    h('h1', { class: 'cer-prize', 'data-testid': 'ceremony-prize' }, s.prize),
    h('p', { class: 'cer-name', 'data-testid': 'ceremony-name' }, w.name),
    h('p', { class: 'cer-unit', 'data-testid': 'ceremony-unit' }, w.unit_name || w.unit),
    h('p', { class: 'cer-score tabular', 'data-testid': 'ceremony-score' }, scoreText(w)),
    s.group.length ? h('p', { class: 'cer-also', 'data-testid': 'ceremony-also' },
      `${t('sameAward')}: `, s.group.map((g) => g.name).join(', ')) : null,
    endLine());
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
    announce(t('announceIntro', { title: t('ceremonyTitle'), intro: introText(r) }));
    return;
  }
  const s = state.steps[state.step - 1];
  let text = s.kind === 'collective'
    ? t('announceCollective', { progress: progressText(), prize: collectiveTitle(s), unit: s.line.unit_name || s.line.unit,
      block: blockText(s.line), figure: figureText(s.line) })
    : t('announce', { progress: progressText(), prize: s.prize, category: s.categoryName,
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
  state.steps = results ? ceremonySteps(state.view, round(), results.winners || [], results.collective || []) : [];
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
