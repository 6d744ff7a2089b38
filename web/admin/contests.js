// The contests (GET /api/contests), each a disclosure holding its
// exclusion list (roles with personal data), its rounds, its final ranking
// across rounds when it has one, and its winners list (roles with personal
// data again).
// Only the rounds of an opened contest are polled, and only while this
// view is on screen, so a dashboard left open with many contests does not
// send a request every 2 s for each of their rounds.

import { h, clear } from '/shared/dom.js';
import { api } from '/shared/http.js';
import { i18n, t, dyn } from './text.js';
import { tx } from './form-fields.js';
import { errorText } from './errors.js';
import { roundPanel } from './rounds.js';
import { finalPanel } from './final.js';
import { winnersListPanel } from './paperwork.js';
import { exclusionsPanel } from './exclusions.js';
import { readsContest, seesPersonalData } from './access.js';

export function mountContests(root, session) {
  const refresh = tx('button', 'contests.refresh', { type: 'button', class: 'secondary small', 'data-testid': 'contests-refresh' });
  const body = h('div', { 'data-testid': 'contest-list' });
  clear(root).append(
    h('div', { class: 'row-heading' }, tx('h2', 'contests.heading', { id: 'contests-heading', tabindex: '-1' }), refresh),
    tx('p', 'contests.intro', { class: 'muted' }),
    body);

  let active = false;
  let wanted = null;      // a contest id to open (from #contests/<id>)
  let contests = null;
  let loadError = null;
  const cards = new Map(); // contest id -> {details, panels, loaded}

  refresh.addEventListener('click', () => load());

  async function load() {
    try {
      // Only the contests this organiser works on (an admin: all of them).
      contests = ((await api('/api/contests')).contests || []).filter((c) => readsContest(session.access, c.id));
      loadError = null;
    } catch (error) {
      loadError = error;
    }
    render();
  }

  function stopAll() {
    for (const card of cards.values()) for (const p of card.panels) p.stop();
  }

  function render() {
    const open = new Set([...cards].filter(([, c]) => c.details.open).map(([id]) => id));
    if (wanted) open.add(wanted);
    stopAll();
    cards.clear();
    clear(body);
    if (loadError) { body.append(h('p', { class: 'notice error' }, errorText(loadError))); return; }
    if (!contests) { body.append(h('p', { class: 'muted' }, t('common.loading'))); return; }
    if (!contests.length) { body.append(h('p', { class: 'muted', 'data-testid': 'contests-empty' }, t('contests.none'))); return; }
    for (const contest of contests) {
      const roundsBox = h('div', { class: 'rounds-box' });
      const details = h('details', { class: 'card contest', 'data-testid': `contest-${contest.id}`, 'data-contest': contest.id },
        h('summary', {},
          h('span', { class: 'contest-title' }, contest.title),
          ' · ', h('code', { class: 'muted' }, contest.id),
          ' · ', dyn('span', { class: 'muted' }, () => t('contests.roundCount', { n: contest.rounds.length }))),
        roundsBox);
      const card = { details, roundsBox, panels: [], contest };
      cards.set(contest.id, card);
      details.addEventListener('toggle', () => {
        if (details.open) openCard(card);
        else for (const p of card.panels) p.stop();
      });
      body.append(details);
      if (open.has(contest.id)) details.open = true;
    }
    if (wanted && cards.has(wanted)) {
      const target = cards.get(wanted).details;
      requestAnimationFrame(() => target.scrollIntoView({ block: 'start' }));
    }
    wanted = null;
  }

  async function openCard(card) {
    if (!card.panels.length) {
      // The list leaves units out; the ranking needs their names.
      let full = card.contest;
      try { full = await api(`/api/contests/${encodeURIComponent(card.contest.id)}`); } catch { /* names fall back to ids */ }
      if (!card.details.open || card.panels.length) return;
      clear(card.roundsBox);
      card.panels = full.rounds.map((round) => roundPanel(session, full, round));
      // Who may not win, set before the first round: above the rounds; it
      // names people, so only for roles that see personal data.
      if (seesPersonalData(session.access, full.id)) card.panels.unshift(exclusionsPanel(session, full));
      // The final ranking across rounds, after the rounds it counts.
      if (full.final) card.panels.push(finalPanel(session, full));
      // The winners list for paying the prizes, last: it follows from
      // everything published above it.
      const winnersList = winnersListPanel(session, full);
      if (winnersList) card.panels.push(winnersList);
      card.roundsBox.append(...card.panels.map((p) => p.el));
    }
    if (active) for (const p of card.panels) p.start();
  }

  i18n.onChange(() => { if (!contests || loadError) render(); });

  return {
    // Shown (with an optional contest to open) or hidden.
    show(contestId) {
      active = true;
      if (contestId) wanted = contestId;
      load();
    },
    hide() {
      active = false;
      stopAll();
    },
    reload: load,
  };
}
