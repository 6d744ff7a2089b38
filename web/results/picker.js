// The contest and round pickers. Choosing either changes the page's URL
// (/results/?contest=…&round=…) through the onPick callback, so a choice can
// be shared as a link and the browser's back button returns to the last one.
// After the rounds comes the final ranking across rounds (final.js), once
// it is published or when a link names it.

import { h, clear } from '/shared/dom.js';
import { FINAL, finalChoice } from './final.js';

export function createPicker({ i18n, onPick }) {
  const state = { contests: null, view: null, published: new Set(), contest: '', round: '' };
  const contestSelect = h('select', { id: 'contest-select', name: 'contest', 'data-testid': 'contest-select' });
  const roundSelect = h('select', { id: 'round-select', name: 'round', 'data-testid': 'round-select' });
  const contestLabel = h('label', { for: 'contest-select' });
  const roundLabel = h('label', { for: 'round-select' });
  const legend = h('legend', { class: 'visually-hidden' });
  const element = h('form', { class: 'picker', id: 'picker', 'data-testid': 'picker', onsubmit: (e) => e.preventDefault() },
    h('fieldset', {}, legend,
      h('div', { class: 'picker-field' }, contestLabel, contestSelect),
      h('div', { class: 'picker-field' }, roundLabel, roundSelect)));

  contestSelect.addEventListener('change', () => onPick(contestSelect.value || null, null));
  roundSelect.addEventListener('change', () => onPick(state.contest || null, roundSelect.value || null));

  function roundStatus(round) {
    if (state.published.has(round.id) || (round.final && round.published_at)) return i18n.t('roundPublished');
    // The view's status stays "open" after an organiser closes a round
    // early, so only "not open yet" is trusted from it.
    if (round.status === 'upcoming') return i18n.t('roundUpcoming');
    return i18n.t('roundNotPublished');
  }

  let drawn = '';

  // The rounds, then the final when there is something to show of it.
  function choices() {
    if (!state.view || state.view.id !== state.contest) return [];
    const final = finalChoice(state.view);
    const offered = final && (final.published_at || state.published.has(FINAL) || state.round === FINAL);
    return [...(state.view.rounds || []), ...(offered ? [final] : [])];
  }

  function render() {
    const rounds = choices();
    // Redraw only on a real change: rebuilding the options under a reader
    // who has the list open (a push arriving) would close it.
    const signature = JSON.stringify([i18n.lang, (state.contests || []).map((c) => [c.id, c.title]),
      rounds.map((r) => [r.id, r.title, roundStatus(r)]), state.contest, state.round]);
    if (signature === drawn) return;
    drawn = signature;
    legend.textContent = i18n.t('pickerLegend');
    contestLabel.textContent = i18n.t('contestLabel');
    roundLabel.textContent = i18n.t('roundLabel');
    clear(contestSelect);
    contestSelect.append(h('option', { value: '' }, i18n.t('chooseContest')));
    for (const c of state.contests || []) contestSelect.append(h('option', { value: c.id }, c.title));
    contestSelect.value = state.contest || '';
    contestSelect.disabled = !state.contests || state.contests.length === 0;

    clear(roundSelect);
    roundSelect.append(h('option', { value: '' }, i18n.t('chooseRound')));
    for (const r of rounds) roundSelect.append(h('option', { value: r.id }, `${r.title} · ${roundStatus(r)}`));
    roundSelect.value = rounds.some((r) => r.id === state.round) ? state.round : '';
    roundSelect.disabled = rounds.length === 0;
  }

  return {
    element,
    render,
    update(changes) { Object.assign(state, changes); render(); },
  };
}
