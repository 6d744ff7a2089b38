// The contestant app at `/`: contests and rounds, registration and login,
// the entry, the result and published results. One WebSocket (WsClient)
// carries everything; it reconnects by itself, and onReady reads the state
// back (subscribe, entries, resume the running attempt, published results)
// so a dropped connection, a server restart or a reload lose nothing.

import { WsClient } from '/shared/ws-client.js';
import { createI18n } from '/shared/i18n.js';
import { api } from '/shared/http.js';
import { $ } from '/shared/dom.js';
import { TEXT } from './app/text.js';
import { storage } from './app/storage.js';
import { errorText } from './app/errors.js';
import { renderContestList } from './app/contests.js';
import { renderRounds } from './app/rounds.js';
import { renderAccount } from './app/account.js';
import { renderResult } from './app/result.js';
import { EntryView } from './app/entry.js';

const i18n = createI18n(TEXT);
const params = new URLSearchParams(location.search);

const state = {
  contestId: chooseContest(),
  contests: null,        // the list (GET /api/contests), only without a chosen contest
  listError: null,
  contest: null,         // the chosen contest's public view, with units
  contestMissing: false,
  participant: null,
  authTab: 'register',
  standings: {},         // round id -> the `entries` row
  published: {},         // round id -> published results (with `you` when asked for)
  result: null,          // {result, auto, number}: the entry just finished
  roundErrors: {},
  roundBusy: {},
  notice: null,          // dictionary key of a page-level notice
  entry: null,           // the EntryView while an entry runs
};

// Before the first welcome the offset comes from the HTTP replies' server_time.
let httpOffset = 0;

const ws = new WsClient({ lang: i18n.lang, token: state.contestId ? storage.token(state.contestId) : null });

const ctx = {
  i18n, ws, state,
  t: (key, vars) => i18n.t(key, vars),
  now: () => (ws.welcome ? ws.serverNow() : Date.now() + httpOffset),
  unitName: (id) => state.contest?.units?.find((u) => u.id === id)?.name || id,
  categoryName: (id) => state.contest?.categories?.find((c) => c.id === id)?.name || id,
  forms: null,
  actions: {},
};

function chooseContest() {
  if (params.has('list')) return null;
  const asked = params.get('contest');
  if (asked) { storage.setContest(asked); return asked; }
  const stored = storage.contest();
  if (stored) {
    params.set('contest', stored);
    history.replaceState(null, '', `${location.pathname}?${params}`);
  }
  return stored;
}

// ---- rendering -------------------------------------------------------------

function render() {
  // A redraw replaces elements: the one that had the focus (the result's
  // heading, say) gets it back by its id, or a keyboard user is sent to the
  // top of the page.
  const focusedId = document.activeElement?.id;
  renderViews();
  if (focusedId && (!document.activeElement || document.activeElement === document.body)) {
    document.getElementById(focusedId)?.focus();
  }
}

function renderViews() {
  document.title = state.contest ? `${state.contest.title} · ${i18n.t('title')}` : i18n.t('title');
  const listView = $('#list-view');
  const contestView = $('#contest-view');
  const entryView = $('#entry-view');
  const showList = !state.contestId || state.contestMissing;
  listView.hidden = !showList;
  contestView.hidden = showList || Boolean(state.entry);
  entryView.hidden = !state.entry;
  const notice = $('#page-notice');
  notice.textContent = state.notice ? i18n.t(state.notice) : '';
  notice.className = state.notice ? 'notice' : '';
  if (showList) { renderContestList(ctx, listView); return; }
  if (!state.contest) return;
  $('#contest-title').textContent = state.contest.title;
  renderAccount(ctx, $('#account'));
  renderResult(ctx, $('#result-slot'));
  renderRoundsKeepingFocus();
}

// Pushes redraw the rounds; the button the contestant was on keeps focus.
function renderRoundsKeepingFocus() {
  const key = document.activeElement?.dataset?.focusKey;
  renderRounds(ctx, $('#rounds'));
  if (key) document.querySelector(`[data-focus-key="${CSS.escape(key)}"]`)?.focus();
}

function focus(selector) {
  requestAnimationFrame(() => document.querySelector(selector)?.focus());
}

// connecting | online | offline, or unavailable: connected, but the store
// refuses for a moment (a failover) and what waits is sent again by itself.
function showConnection(connState) {
  const el = $('#connection');
  el.dataset.state = connState;
  el.textContent = i18n.t(`conn.${connState}`);
}

// ---- loading ---------------------------------------------------------------

async function loadList() {
  try {
    const reply = await api('/api/contests');
    httpOffset = reply.server_time - Date.now();
    state.contests = reply.contests;
    state.listError = null;
  } catch (error) {
    state.listError = errorText(i18n, error);
  }
  render();
}

async function loadContestOverHttp() {
  try {
    const reply = await api(`/api/contests/${encodeURIComponent(state.contestId)}`);
    httpOffset = reply.server_time - Date.now();
    if (!state.contest) { state.contest = reply; render(); }
  } catch (error) {
    if (error.code === 'not_found') contestMissing();
  }
}

function contestMissing() {
  state.contestMissing = true;
  storage.setContest(null);
  if (state.contests === null) loadList();
  render();
}

// The participant's standing per round; false when it could not be read
// (the store is down), so callers do not act on a stale copy.
async function refreshStandings() {
  if (!state.participant) return false;
  try {
    const reply = await ws.request('entries', { contest: state.contestId });
    state.standings = Object.fromEntries(reply.rounds.map((r) => [r.round, r]));
    return true;
  } catch {
    return false;
  }
}

async function loadResults(roundId) {
  try {
    state.published[roundId] = await ws.request('results', { contest: state.contestId, round: roundId });
  } catch (error) {
    if (error.code !== 'not_published') console.warn('results', roundId, error.code);
  }
}

async function loadPublishedRounds() {
  const rounds = (state.contest?.rounds || []).filter((r) => r.status === 'closed'
    && (r.published_at === undefined || r.published_at !== null));
  await Promise.all(rounds.map((r) => loadResults(r.id)));
}

let readyGeneration = 0;

// After every welcome (first connection, reconnect, server restart).
async function onReady(welcome) {
  const generation = ++readyGeneration;
  // A hook for tests and a sign for people debugging: how many welcomes.
  document.body.dataset.welcomes = String(generation);
  if (!state.contestId) { loadList(); return; }
  const p = welcome.participant;
  state.participant = p && p.contest === state.contestId ? p : null;
  if (!state.participant) state.standings = {};
  try {
    const reply = await ws.request('subscribe', { contest: state.contestId });
    state.contest = { ...state.contest, ...reply.contest };
    state.contestMissing = false;
  } catch (error) {
    if (error.code === 'not_found') { contestMissing(); return; }
  }
  if (generation !== readyGeneration) return;
  const fresh = await refreshStandings();
  if (generation !== readyGeneration) return;
  // Straight to the entry when one runs, without flashing the rounds first.
  if (!state.entry && !Object.values(state.standings).some((s) => s.running)) render();
  await resumeEntry(fresh);
  await loadPublishedRounds();
  if (generation !== readyGeneration) return;
  render();
  document.body.dataset.synced = String(generation);
}

// Resumes the entry that runs: the one on screen after a reconnect, or after
// a reload the one `entries` reports (attempt.start returns it as it stands,
// with the same deadline, never a second one).
async function resumeEntry(fresh) {
  if (!state.participant) return;
  const entry = state.entry;
  if (entry) {
    // Still running by the server's word; without it (standing unread), by
    // the deadline. An entry that ended meanwhile (deadline, round closed,
    // submitted on another device) is asked for its result.
    const { id, round, deadline } = entry.attempt;
    const running = fresh ? state.standings[round]?.running?.attempt === id : ctx.now() < deadline;
    if (running) {
      try {
        const reply = await ws.request('attempt.start', { round });
        if (state.entry !== entry) return;
        if (reply.attempt.id === id) entry.resume(reply.attempt);
        else openEntry(reply.attempt);
      } catch (error) {
        await actions.attemptEnded(entry);
      }
    } else {
      await actions.attemptEnded(entry);
    }
    return;
  }
  const round = fresh && Object.values(state.standings).find((s) => s.running)?.round;
  if (round) await actions.startRound(round, { quiet: true });
}

function openEntry(attempt) {
  state.entry?.destroy();
  state.result = null;
  state.notice = null;
  state.entry = new EntryView(ctx, attempt);
  render();
  state.entry.mount($('#entry-view'));
  focus('#entry-heading');
}

// ---- actions ---------------------------------------------------------------

const actions = ctx.actions;

actions.startRound = async (roundId, { quiet = false } = {}) => {
  // quiet: resuming after a reload, not a click; nothing to redraw first.
  if (state.roundBusy[roundId]) return;
  state.roundBusy[roundId] = true;
  state.roundErrors[roundId] = null;
  if (!quiet) renderRoundsKeepingFocus();
  try {
    const reply = await ws.request('attempt.start', { round: roundId });
    openEntry(reply.attempt);
  } catch (error) {
    state.roundErrors[roundId] = errorText(i18n, error);
    if (state.result) state.result = null;
    // The round's error slot is an alert: it is read out where it appears.
    render();
  } finally {
    state.roundBusy[roundId] = false;
    if (!state.entry) renderRoundsKeepingFocus();
  }
};

actions.finishEntry = async (result, auto) => {
  const entry = state.entry;
  const number = entry && entry.attempt.id === result.attempt ? entry.attempt.number : null;
  if (entry && entry.attempt.id === result.attempt) {
    storage.setPrediction(entry.attempt.id, null);
    entry.destroy();
    state.entry = null;
  }
  state.result = { result, auto: auto || result.status === 'expired', number };
  const standing = state.standings[result.round];
  if (standing) {
    standing.running = null;
    standing.attempts_left = result.attempts_left;
  }
  render();
  focus('#result-heading');
  await refreshStandings();
  render();
};

// The entry ended without this page submitting it (deadline, the round's
// close, another device): the result is asked for with a submit, which the
// server answers with the stored result.
actions.attemptEnded = async (entry) => {
  if (state.entry !== entry || entry.finished || entry.fetchingResult) return;
  entry.fetchingResult = true;
  try {
    const reply = await ws.request('submit', { attempt: entry.attempt.id });
    if (state.entry === entry) actions.finishEntry(reply.result, true);
  } catch (error) {
    entry.fetchingResult = false;
    if (state.entry !== entry) return;
    entry.submitError = errorText(i18n, error);
    const slot = document.querySelector('#submit-error');
    if (slot) slot.textContent = entry.submitError;
  }
};

actions.loggedIn = async (reply) => {
  storage.setToken(state.contestId, reply.token);
  ws.token = reply.token;
  state.participant = reply.participant;
  state.notice = null;
  const fresh = await refreshStandings();
  render();
  focus('#hello-title');
  await resumeEntry(fresh);
  // The published results gain the contestant's own line.
  await loadPublishedRounds();
  render();
};

actions.logout = () => {
  storage.setToken(state.contestId, null);
  ws.token = null;
  state.entry?.destroy();
  state.entry = null;
  state.participant = null;
  state.standings = {};
  state.result = null;
  state.authTab = 'login';
  state.notice = 'session.loggedOut';
  for (const id of Object.keys(state.published)) delete state.published[id].you;
  render();
  // A fresh session without the token, so this connection is a visitor's.
  ws.reconnect();
  focus('#tab-login');
};

actions.showAuthTab = (tab, phone) => {
  state.authTab = tab;
  render();
  if (phone !== undefined && ctx.forms) ctx.forms.login.elements.phone.value = phone;
  focus(tab === 'login' ? (phone ? '#login-password' : '#login-phone') : '#reg-name');
};

actions.closeResult = () => {
  state.result = null;
  render();
  focus('#rounds-heading');
};

// A countdown passed zero: read the statuses again unless a push does it.
let statusTimer = null;
actions.statusMayHaveChanged = () => {
  clearTimeout(statusTimer);
  statusTimer = setTimeout(async () => {
    if (!state.contestId) { loadList(); return; }
    try {
      const reply = await ws.request('subscribe', { contest: state.contestId });
      state.contest = { ...state.contest, ...reply.contest };
      render();
    } catch { /* the next reconnect reads it again */ }
  }, 2000);
};

// ---- pushes ----------------------------------------------------------------

function setRoundStatus(msg, status) {
  if (msg.contest !== state.contestId || !state.contest) return null;
  const round = state.contest.rounds.find((r) => r.id === msg.round);
  if (round) round.status = status;
  return round;
}

ws.on('round.opened', (msg) => {
  if (setRoundStatus(msg, 'open')) render();
});

ws.on('round.closed', async (msg) => {
  if (!setRoundStatus(msg, 'closed')) return;
  if (state.entry && state.entry.attempt.round === msg.round) state.entry.roundClosed();
  render();
  await refreshStandings();
  render();
});

ws.on('attempt.expired', (msg) => {
  const result = msg.result;
  if (state.entry && state.entry.attempt.id === result.attempt) {
    actions.finishEntry(result, true);
  } else if (state.participant && state.result?.result.attempt !== result.attempt) {
    state.result = { result, auto: true, number: null };
    refreshStandings().then(render);
  }
});

ws.on('results.published', async (msg) => {
  if (msg.contest !== state.contestId) return;
  const round = state.contest?.rounds.find((r) => r.id === msg.round);
  if (round) { round.status = 'closed'; round.published_at ||= Date.now(); }
  state.published[msg.round] = msg;
  render();
  // The push is the same for everyone; the contestant's own line is asked for.
  if (state.participant) {
    await loadResults(msg.round);
    render();
  }
});

ws.on('token.invalid', () => {
  storage.setToken(state.contestId, null);
  state.participant = null;
  state.authTab = 'login';
  state.notice = 'session.expired';
  render();
});

// ---- start -----------------------------------------------------------------

$('#lang-switch').addEventListener('click', () => {
  i18n.toggle();
  ws.lang = i18n.lang;
});

i18n.onChange(() => {
  showConnection(ws.shownState);
  render();
  state.entry?.render();
});

i18n.apply();
showConnection('connecting');
ws.onState(showConnection);
ws.onReady(onReady);
render();
if (state.contestId) loadContestOverHttp();
else loadList();
ws.start();
