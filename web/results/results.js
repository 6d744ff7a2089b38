// The public results page (/results/?contest=…&round=…): pickers for the
// contest and round, the round's published results (summary, score bands,
// participation by unit, winners, collective prizes) or a plain "not
// published", and live updates: the page subscribes to the contest over the
// WebSocket and re-renders when `results.published` arrives for it. The
// final ranking across rounds (…&final=1, final.js) is one more choice,
// updated by `final.published`. A contest with a notice heading prints
// its published results as the A4 results notice (notice.js, print.css).

import { h, clear, $ } from '/shared/dom.js';
import { createI18n } from '/shared/i18n.js';
import { formatDateTime } from '/shared/format.js';
import { TEXT } from './text.js';
import { listContests, getContest, resultsOf, publishedRounds } from './data.js';
import { FINAL, finalChoice, choiceFrom, setChoice } from './final.js';
import { createPicker } from './picker.js';
import { createLive } from './live.js';
import { summarySection, finalSummarySection } from './summary.js';
import { participationSection } from './participation.js';
import { winnersSection, collectiveSection } from './winners.js';
import { hasNotice, printButton, noticeHeading, noticeSignature, printWinners, printCollective } from './notice.js';

const i18n = createI18n(TEXT);
const t = i18n.t;

// What the page shows; every render reads from here, so a language switch
// or a push simply renders again.
const state = {
  contests: null,      // the list from GET /api/contests
  contestId: null,
  roundId: null,       // a round id, or FINAL
  view: null,          // the contest's public view
  published: new Map(), // round id (or FINAL) -> {round, summary, winners, collective}
  problem: null,       // a message key or text shown instead of results
  fresh: new Set(),    // rounds published while this page was open, not shown yet
  loadSeq: 0,
};

const live = createLive({ i18n, banner: $('#connection') });
const picker = createPicker({ i18n, onPick: (contest, round) => navigate(contest, round) });
$('#picker-slot').append(picker.element);

function say(text) {
  // Clearing first makes a repeated message be announced again.
  const region = $('#live-status');
  region.textContent = '';
  setTimeout(() => { region.textContent = text; }, 50);
}

// A round of the view, or the final's choice.
function choiceOf(id) {
  if (id === FINAL) return finalChoice(state.view);
  return state.view?.rounds?.find((r) => r.id === id) || null;
}

function currentRound() { return choiceOf(state.roundId); }

function urlFor(contest, round) {
  const params = new URLSearchParams(location.search);
  params.delete('contest');
  if (contest) params.set('contest', contest);
  setChoice(params, round);
  const query = params.toString();
  return `${location.pathname}${query ? `?${query}` : ''}`;
}

function navigate(contest, round) {
  history.pushState(null, '', urlFor(contest, round));
  load();
}

// ---- rendering -------------------------------------------------------------

function renderNotice() {
  const box = clear($('#notice'));
  for (const roundId of state.fresh) {
    if (roundId === state.roundId) continue;
    box.append(h('div', { class: 'notice ok fresh', 'data-testid': 'fresh-notice', 'data-round': roundId },
      h('span', {}, justPublished(roundId)), ' ',
      h('button', { type: 'button', class: 'secondary', 'data-testid': 'fresh-show',
        onclick: () => navigate(state.contestId, roundId) }, t('showIt'))));
  }
}

function justPublished(roundId) {
  const round = choiceOf(roundId);
  if (roundId === FINAL) return t('finalJustPublished', { title: round?.title || t('finalFallbackTitle') });
  return t('justPublished', { round: round?.title || roundId });
}

function renderNotPublished(round) {
  const lang = i18n.lang;
  if (round.final) {
    return h('section', { class: 'not-published card', 'data-testid': 'not-published' },
      h('h2', {}, t('notPublishedTitle')),
      h('p', { class: 'not-published-text' }, t('finalNotPublished', { title: round.title })),
      h('p', { class: 'muted' }, t('finalNotPublishedWhy')),
      h('p', {}, t('notPublishedLive')));
  }
  return h('section', { class: 'not-published card', 'data-testid': 'not-published' },
    h('h2', {}, t('notPublishedTitle')),
    h('p', { class: 'not-published-text' }, t('notPublished', { round: round.title })),
    h('p', { class: 'muted' }, t('roundWindow', {
      from: formatDateTime(round.opens_at, lang), to: formatDateTime(round.closes_at, lang) })),
    h('p', {}, t('notPublishedLive')));
}

// The final: its rules and counts, its winners and any contest-wide
// collective prizes; no score bands or participation (it has no entries of
// its own).
function renderFinal(round, results) {
  const params = setChoice(new URLSearchParams({ contest: state.contestId }), FINAL);
  const collective = results.collective || [];
  const parts = [
    resultsHead(round.title, params),
    finalSummarySection(results.final || state.view.final, results.summary || {}, i18n),
    winnersWithTable(round, results),
  ];
  if (collective.length) parts.push(collectiveWithTable(collective));
  return asNotice(round, parts);
}

// The title, the contest, the ceremony link and, when the contest prints
// notices, the print button; on a printed notice its heading stands instead.
function resultsHead(title, params) {
  const notice = hasNotice(state.view);
  return h('div', { class: `results-head${notice ? ' screen-only' : ''}` },
    h('h2', { class: 'results-title', 'data-testid': 'results-title' }, title),
    h('p', { class: 'muted contest-title' }, state.view.title),
    h('div', { class: 'results-actions' },
      h('a', { class: 'button secondary ceremony-link', href: `/results/ceremony.html?${params}`,
        'data-testid': 'ceremony-link' }, t('ceremonyLink')),
      notice ? printButton(i18n) : null));
}

// The sections with their printed tables in place of the cards.
function winnersWithTable(round, results) {
  const section = winnersSection(state.view, round, results.winners || [], i18n);
  const table = printWinners(state.view, round, results.winners || [], i18n);
  if (table) section.append(table);
  return section;
}

function collectiveWithTable(rows) {
  const section = collectiveSection(rows, i18n);
  const table = printCollective(rows, i18n);
  if (table) section.append(table);
  return section;
}

// The notice's heading before the results and its signature after.
function asNotice(round, parts) {
  if (!hasNotice(state.view)) return parts;
  return [noticeHeading(state.view, round, i18n), ...parts, noticeSignature(state.view, i18n)];
}

function renderResults(round, results) {
  if (round.final) return renderFinal(round, results);
  const params = new URLSearchParams({ contest: state.contestId, round: round.id });
  return asNotice(round, [
    resultsHead(t('resultsHeading', { round: round.title }), params),
    summarySection(results.summary || {}, i18n),
    participationSection(results.summary || {}, i18n, state.view.blocks),
    winnersWithTable(round, results),
    collectiveWithTable(results.collective || []),
  ]);
}

function render() {
  document.title = t('pageTitle');
  const langButton = $('#lang-switch');
  langButton.setAttribute('lang', i18n.lang === 'vi' ? 'en' : 'vi');
  picker.update({ contests: state.contests, view: state.view, contest: state.contestId || '',
    round: state.roundId || '', published: new Set(state.published.keys()) });
  renderNotice();
  const view = clear($('#view'));
  view.removeAttribute('aria-busy');
  view.classList.remove('notice-doc');
  if (state.problem) {
    view.append(h('p', { class: 'notice error', 'data-testid': 'problem' },
      typeof state.problem === 'string' ? t(state.problem) : state.problem.text));
    return;
  }
  if (!state.view || !state.roundId) {
    view.append(h('p', { class: 'notice', 'data-testid': 'pick-hint' },
      state.contests && state.contests.length === 0 ? t('noContests') : t('pickHint')));
    return;
  }
  const round = currentRound();
  const results = state.published.get(round.id);
  document.title = `${round.title} · ${state.view.title} · ${t('pageTitle')}`;
  // Prints as the notice (print.css numbers its sections).
  view.classList.toggle('notice-doc', Boolean(results) && hasNotice(state.view));
  view.append(...[results ? renderResults(round, results) : renderNotPublished(round)].flat(Infinity));
}

// ---- loading ---------------------------------------------------------------

async function load() {
  const seq = ++state.loadSeq; // a later navigation wins over a slow earlier one
  const params = new URLSearchParams(location.search);
  let contestId = params.get('contest') || null;
  let roundId = choiceFrom(params);
  $('#view').setAttribute('aria-busy', 'true');
  try {
    if (!state.contests) state.contests = await listContests();
    if (seq !== state.loadSeq) return;
    // With one contest there is nothing to choose.
    if (!contestId && state.contests.length === 1) contestId = state.contests[0].id;
    state.problem = null;
    if (contestId !== state.contestId) {
      state.view = null;
      state.published = new Map();
      state.fresh = new Set();
    }
    state.contestId = contestId;
    state.roundId = null;
    if (!contestId) return render();
    const view = state.view?.id === contestId ? state.view : await getContest(contestId);
    if (seq !== state.loadSeq) return;
    if (!view) { state.problem = 'contestNotFound'; return render(); }
    state.view = view;
    live.subscribe(contestId);
    const published = await publishedRounds(view);
    if (seq !== state.loadSeq) return;
    // Keep what a push brought in while the requests were under way.
    for (const [id, results] of published) state.published.set(id, results);
    // Without a round in the link, show the latest published one: the
    // final once it is out (it comes after every round it counts).
    if (!roundId) {
      const latest = [...view.rounds].reverse().find((r) => state.published.has(r.id));
      if (state.published.has(FINAL)) roundId = FINAL;
      else if (latest) roundId = latest.id;
    }
    if (roundId && !choiceOf(roundId)) {
      state.problem = roundId === FINAL ? 'finalNotFound' : 'roundNotFound';
      return render();
    }
    state.roundId = roundId;
    state.fresh.delete(roundId);
    if (contestId && roundId) history.replaceState(null, '', urlFor(contestId, roundId));
    render();
  } catch (error) {
    if (seq !== state.loadSeq) return;
    state.problem = { text: t('loadFailed', { message: error.message }) };
    render();
  }
}

// Reads the contest's rounds again (their status changes as they open and
// close) without touching what is shown.
async function refreshView() {
  if (!state.contestId) return;
  const view = await getContest(state.contestId).catch(() => null);
  if (view && view.id === state.contestId) { state.view = view; render(); }
}

// ---- live updates ------------------------------------------------------------

live.on('results.published', (msg) => {
  if (msg.contest !== state.contestId) return;
  const results = { round: msg.round, summary: msg.summary, winners: msg.winners, collective: msg.collective };
  const shown = state.view?.rounds?.find((r) => r.id === msg.round);
  const known = Boolean(shown);
  state.published.set(msg.round, results);
  // The push carries no published_at, which dates a printed notice: the
  // view is read again for it.
  if (known && !shown.published_at) refreshView();
  if (msg.round === state.roundId) {
    render();
    say(t('publishedLive'));
  } else {
    // Another round: make it selectable and say so, without taking the
    // reader away from what they are looking at.
    state.fresh.add(msg.round);
    if (!known) refreshView(); else render();
    say(justPublished(msg.round));
  }
});

live.on('final.published', (msg) => {
  if (msg.contest !== state.contestId) return;
  state.published.set(FINAL, { final: msg.final, summary: msg.summary, winners: msg.winners, collective: msg.collective });
  // The push carries no published_at: the view is read again for it (and
  // for the final itself, should this view predate it).
  refreshView();
  if (state.roundId === FINAL) {
    render();
    say(t('publishedLive'));
  } else {
    state.fresh.add(FINAL);
    render();
    say(justPublished(FINAL));
  }
});

live.on('round.opened', (msg) => { if (msg.contest === state.contestId) refreshView(); });
live.on('round.closed', (msg) => { if (msg.contest === state.contestId) refreshView(); });

// Pushes are best-effort: after a reconnect, ask again for the round on
// screen in case it was published while the connection was down.
live.onReady(async () => {
  const contest = state.contestId;
  const round = state.roundId;
  if (!contest || !round || state.published.has(round)) return;
  const results = await resultsOf(contest, round).catch(() => null);
  if (results && contest === state.contestId && round === state.roundId && !state.published.has(round)) {
    state.published.set(round, results);
    render();
    say(t('publishedLive'));
  }
});

$('#lang-switch').addEventListener('click', () => i18n.toggle());
i18n.onChange(() => render());
window.addEventListener('popstate', () => load());

i18n.apply();
live.start();
load();
