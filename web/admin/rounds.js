// One round on the dashboard: its status and window, live counts polled
// every 2 s (GET …/stats), and the organiser's actions in the order a
// round's end goes: close now, finalize (review the draft), publish, then
// download the ranking, and once published open the public results page to
// print the results notice. Each action shows its own outcome or error
// beside its button. In an unpublished draft the organiser disqualifies or
// reinstates a line (disqualify.js); the round is finalized again at once so
// the draft on screen is always the one that would be published.

import { statsPoller } from './stats-poll.js';
import { h, clear } from '/shared/dom.js';
import { formatDateTime, formatNumber } from '/shared/format.js';
import { ApiError } from '/shared/http.js';
import { i18n, t, dyn, redraw } from './text.js';
import { errorText } from './errors.js';
import { confirmAction } from './confirm.js';
import { actionGroup } from './actions.js';
import { renderDraft } from './ranking.js';
import { disqualifyDialog } from './disqualify.js';
import { duplicatesPanel } from './duplicates.js';
import { itemsPanel } from './items.js';
import { changesContest, seesPersonalData } from './access.js';
import { resultsLink } from './paperwork.js';

const POLL_MS = 2000;
const COUNTS = ['registered', 'entrants', 'started', 'running', 'submitted'];

// contest: the public view (with units, for names in the ranking);
// round: one of its rounds.
export function roundPanel(session, contest, round) {
  const contestBase = `/api/admin/contests/${encodeURIComponent(contest.id)}`;
  const base = `${contestBase}/rounds/${encodeURIComponent(round.id)}`;
  let stats = null;
  let statsError = null;
  let statsMissing = false; // a gateway without the stats endpoint (older build)
  let draft = null;
  let draftPublished = false;
  let draftStale = false;
  // Only what the role may do: a viewer reads the ranking (phones masked by
  // the server) and is offered neither the changes nor the files.
  const changes = changesContest(session.access, contest.id);
  const files = seesPersonalData(session.access, contest.id);

  const status = dyn('p', { class: 'round-status', 'data-testid': 'round-status', role: 'status' }, () => {
    const state = stats?.status || round.status;
    const bits = [h('span', { class: `badge ${state}`, 'data-testid': 'round-state', 'data-state': state }, t(`round.status.${state}`))];
    if (stats?.finalized) bits.push(' ', h('span', { class: 'badge finalized', 'data-testid': 'round-finalized' }, t('round.finalized')));
    if (stats?.published_at) bits.push(' ', h('span', { class: 'badge published', 'data-testid': 'round-published' }, t('round.publishedAt', { at: formatDateTime(stats.published_at, i18n.lang) })));
    return bits;
  });

  const windowText = dyn('p', { class: 'round-window', 'data-testid': 'round-window' }, () => {
    const lang = i18n.lang;
    const parts = [t('round.window', { opens: formatDateTime(round.opens_at, lang), closes: formatDateTime(round.closes_at, lang) })];
    if (stats?.closed_at && stats.closed_at < round.closes_at) parts.push(' ', t('round.closedEarly', { at: formatDateTime(stats.closed_at, lang) }));
    return parts;
  });

  const facts = dyn('p', { class: 'muted' }, () => t('round.facts', {
    questions: round.questions, minutes: formatNumber(round.time_limit_s / 60, i18n.lang), attempts: round.attempts,
  }));

  const counts = dyn('div', { class: 'counts-wrap' }, () => {
    if (statsMissing) return h('p', { class: 'muted', 'data-testid': 'counts-unavailable' }, t('round.countsUnavailable'));
    const lang = i18n.lang;
    return [
      h('dl', { class: 'counts', 'data-testid': 'round-counts' }, COUNTS.map((name) =>
        h('div', { class: 'count' },
          h('dt', {}, t(`round.count.${name}`)),
          h('dd', { class: 'tabular', 'data-testid': `count-${name}` }, stats ? formatNumber(stats[name], lang) : '…')))),
      h('p', { class: 'hint', 'data-testid': 'counts-updated' },
        statsError ? h('span', { class: 'field-error' }, errorText(statsError))
          : stats ? t('round.countsAt', { at: new Date(stats.server_time).toLocaleTimeString(lang === 'en' ? 'en-GB' : 'vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' }) }) : t('common.loading')),
    ];
  });

  const draftBox = h('div', { class: 'draft-box', 'data-testid': 'round-draft' });
  const reviewMessage = dyn('p', { class: 'action-msg', 'aria-live': 'polite', 'data-testid': 'review-msg' }, () => null);
  function drawDraft() {
    clear(draftBox);
    if (!draft) return;
    const review = changes && !draftPublished ? { disqualify, lift } : null;
    draftBox.append(renderDraft(draft, contest, { published: draftPublished, review, stale: draftStale, canFinalize: changes }));
  }
  i18n.onChange(() => { if (draftBox.isConnected) drawDraft(); });

  // A draft shown from the store may predate a disqualification made since
  // (here, in another round's draft, or by another organiser): say so.
  async function checkStale() {
    if (!draft || draftPublished) return;
    const shown = draft;
    const { latest_change: latest = 0 } = await session.call(`${contestBase}/disqualifications`);
    if (draft !== shown) return;
    draftStale = latest > (draft.disqualifications_as_of || 0);
    if (draftStale) drawDraft();
  }

  // After a change to the disqualification list: the draft again, from the
  // list as it now stands.
  async function refinalize(done) {
    const say = (kind, make) => redraw(reviewMessage, () => h('span', { class: kind === 'error' ? 'field-error' : 'ok-text' }, make()));
    try {
      draft = await session.call(`${base}/finalize`, { method: 'POST' });
      draftStale = false;
      drawDraft();
      say('ok', done);
    } catch (error) {
      if (!(error instanceof ApiError)) console.error(error);
      draftStale = true;
      drawDraft();
      say('error', () => `${t('review.err.refinalize')} ${errorText(error, finalize.overrides)}`);
    }
    poller.poll();
  }

  async function disqualify(row) {
    redraw(reviewMessage, () => null);
    let kindChosen = 'person';
    const accepted = await disqualifyDialog(row, (kind, reason) => {
      kindChosen = kind;
      return session.call(`${contestBase}/disqualifications`, { method: 'POST',
        body: { kind, target: kind === 'person' ? row.participant : row.attempt, reason } });
    });
    if (accepted) await refinalize(() => t(`review.disqualified.${kindChosen}`, { name: row.name }));
  }

  async function lift(kind, target, name) {
    redraw(reviewMessage, () => null);
    const yes = await confirmAction({
      title: t(`review.confirmLiftTitle.${kind}`, { name }),
      message: t('review.confirmLift'),
      confirmLabel: t('draft.lift'),
    });
    if (!yes) return;
    try {
      await session.call(`${contestBase}/disqualifications/${kind}/${encodeURIComponent(target)}/lift`, { method: 'POST' });
    } catch (error) {
      if (!(error instanceof ApiError)) console.error(error);
      redraw(reviewMessage, () => h('span', { class: 'field-error' }, errorText(error, { not_found: 'review.err.notInForce' })));
      return;
    }
    await refinalize(() => t(`review.lifted.${kind}`, { name }));
  }

  // Each action's button with its outcome beside it (actions.js).
  const action = actionGroup();

  const closeNow = async (say) => {
    const yes = await confirmAction({
      title: t('round.confirmCloseTitle', { round: round.title }),
      message: t('round.confirmClose'),
      confirmLabel: t('round.close'),
    });
    if (!yes) return;
    const reply = await session.call(`${base}/close`, { method: 'POST' });
    say('ok', () => t('round.closedNow', { at: formatDateTime(reply.closed_at, i18n.lang), n: reply.cut_short }));
    poller.poll();
  };

  const finalize = async (say) => {
    const reply = await session.call(`${base}/finalize`, { method: 'POST' });
    draft = reply;
    draftPublished = false;
    draftStale = false;
    drawDraft();
    say('ok', () => t('round.finalizedNow', { n: formatNumber((reply.ranking || []).length, i18n.lang) }));
    poller.poll();
  };
  finalize.overrides = { round_not_open: 'round.err.stillOpen', unavailable: 'round.err.closing', not_found: 'round.err.notFound' };

  const viewResults = async (say) => {
    const reply = await session.call(`${base}/results?format=json`);
    draft = reply;
    draftPublished = Boolean(stats?.published_at);
    draftStale = false;
    drawDraft();
    say('ok', () => t('round.resultsShown'));
    await checkStale();
  };
  viewResults.overrides = { not_found: 'round.err.noResults' };

  const publish = async (say) => {
    // A disqualification made since (from another round's draft, or by
    // another organiser) would not be in this draft: check before asking.
    await checkStale();
    const yes = await confirmAction({
      title: t('round.confirmPublishTitle', { round: round.title }),
      message: draftStale ? `${t('round.confirmPublish')} ${t('round.confirmPublishStale')}` : t('round.confirmPublish'),
      confirmLabel: t('round.publish'),
    });
    if (!yes) return;
    const reply = await session.call(`${base}/publish`, { method: 'POST' });
    if (draft) { draftPublished = true; drawDraft(); }
    say('ok', () => t('round.publishedNow', { at: formatDateTime(reply.published_at, i18n.lang) }));
    poller.poll();
  };
  publish.overrides = { stale_draft: 'round.err.staleDraft', 409: 'round.err.finalizeFirst' };

  const fileAction = (format) => {
    const run = async (say) => {
      const name = `${contest.id}-${round.id}-xep-hang.${format}`;
      await session.fetchFile(`${base}/results?format=${format}`, name);
      say('ok', () => t('round.downloaded', { name }));
    };
    run.overrides = { not_found: 'round.err.noResults' };
    return run;
  };

  // The public page prints the notice; offered once there is one to print.
  const noticeLink = resultsLink(contest, { round: round.id }, 'round-notice', () => Boolean(stats?.published_at));

  const actions = h('div', { class: 'round-actions' },
    changes && action('round.close', 'round-close', closeNow),
    changes && action('round.finalize', 'round-finalize', finalize),
    changes && action('round.publish', 'round-publish', publish),
    action('round.view', 'round-view', viewResults, { secondary: true }),
    files && action('round.csv', 'round-csv', fileAction('csv'), { secondary: true }),
    files && action('round.xlsx', 'round-xlsx', fileAction('xlsx'), { secondary: true }),
    noticeLink);

  const el = h('article', { class: 'round-panel card', 'data-testid': `round-${round.id}`, 'data-round': round.id },
    h('h3', {}, round.title, ' ', h('code', { class: 'muted' }, round.id)),
    status, windowText, facts, counts, actions, reviewMessage, draftBox,
    files && duplicatesPanel(session, contest, round),
    changes && itemsPanel(session, contest, round));

  let shownSignature = null;
  const poller = statsPoller(session, `${base}/stats`, (reply, failure) => {
    if (reply) {
      stats = reply;
      statsError = null;
      statsMissing = false;
    } else if (failure instanceof ApiError && failure.status === 404 && /endpoint/.test(failure.message)) {
      // An older gateway without the stats endpoint: show the round without
      // counts rather than an error every 2 s.
      statsMissing = true;
    } else {
      statsError = failure;
    }
    // The status line is a live region: redraw it only when it changes, or
    // a screen reader would read it out every 2 s.
    const signature = JSON.stringify([stats?.status, stats?.finalized, stats?.published_at, stats?.closed_at]);
    if (signature !== shownSignature) {
      shownSignature = signature;
      redraw(status);
      redraw(windowText);
      redraw(noticeLink);
    }
    redraw(counts);
    return statsMissing ? POLL_MS * 15 : POLL_MS;
  });

  return { el, start: poller.start, stop: poller.stop };
}
