// The final ranking across rounds ("chung cuộc") on the dashboard, under the
// contest's rounds when its configuration has a `final`: which counted
// rounds are published (GET …/final/stats, polled every 2 s like a round's
// counts, so a round published in the panel above shows here without a
// reload), then the organiser's actions in the order the end of a contest
// goes: finalize (every counted round must be published first; the server
// refuses with 409 not_finalized naming the first that is not), review the
// draft, publish, download the ranking and, once published, open the public
// results page to print the notice. A viewer reads the draft or the
// published ranking and is offered nothing else but that page.

import { statsPoller } from './stats-poll.js';
import { h, clear } from '/shared/dom.js';
import { formatDateTime, formatNumber } from '/shared/format.js';
import { ApiError } from '/shared/http.js';
import { i18n, t, dyn, redraw } from './text.js';
import { confirmAction } from './confirm.js';
import { actionGroup } from './actions.js';
import { renderFinalDraft, combineText } from './final-draft.js';
import { errorText } from './errors.js';
import { changesContest, seesPersonalData } from './access.js';
import { resultsLink } from './paperwork.js';

const POLL_MS = 2000;

// contest: the public view, whose `final` is non-null.
export function finalPanel(session, contest) {
  const base = `/api/admin/contests/${encodeURIComponent(contest.id)}/final`;
  const final = contest.final;
  const titleOf = (id) => contest.rounds.find((r) => r.id === id)?.title || id;
  let stats = null;
  let statsError = null;
  let draft = null;
  let draftPublished = false;
  const changes = changesContest(session.access, contest.id);
  const files = seesPersonalData(session.access, contest.id);

  const status = dyn('p', { class: 'round-status', 'data-testid': 'final-status', role: 'status' }, () => {
    if (!stats) return null;
    const bits = [];
    if (stats.finalized) bits.push(h('span', { class: 'badge finalized', 'data-testid': 'final-finalized' }, t('round.finalized')));
    if (stats.published_at) {
      bits.push(' ', h('span', { class: 'badge published', 'data-testid': 'final-published-at' },
        t('round.publishedAt', { at: formatDateTime(stats.published_at, i18n.lang) })));
    }
    return bits.length ? bits : h('span', { class: 'muted' }, t('final.notFinalized'));
  });

  const rule = dyn('p', { class: 'muted', 'data-testid': 'final-rule' }, () => {
    const parts = [t('final.rule', { rounds: final.rounds.map(titleOf).join(', '), combine: combineText(final) })];
    if ((final.min_rounds ?? 1) > 1) parts.push(' ', t('final.minRounds', { n: formatNumber(final.min_rounds, i18n.lang) }));
    return parts;
  });

  // The counted rounds, each published or not (from the stats).
  const rounds = dyn('div', { class: 'final-rounds-box' }, () => {
    if (statsError) return h('p', { class: 'field-error' }, errorText(statsError));
    if (!stats) return h('p', { class: 'muted' }, t('common.loading'));
    const lang = i18n.lang;
    const list = stats.rounds || [];
    return [
      h('h4', { id: `final-rounds-${contest.id}` }, t('final.roundsHeading')),
      h('ul', { class: 'final-rounds', 'data-testid': 'final-rounds', 'aria-labelledby': `final-rounds-${contest.id}` },
        list.map((r) => h('li', { 'data-testid': 'final-round', 'data-round': r.round, 'data-published': r.published_at ? 'true' : 'false' },
          h('span', { class: 'final-round-title' }, r.title || titleOf(r.round)), ' — ',
          r.published_at
            ? h('span', { class: 'ok-text' }, t('final.roundPublished', { at: formatDateTime(r.published_at, lang) }))
            : h('span', { class: 'warn-text' }, t('final.roundNotPublished'))))),
      list.some((r) => !r.published_at) && !stats.published_at
        ? h('p', { class: 'hint', 'data-testid': 'final-needs-rounds' }, t('final.needsRounds')) : null,
    ];
  });

  const draftBox = h('div', { class: 'draft-box', 'data-testid': 'final-draft-box' });
  function drawDraft() {
    clear(draftBox);
    if (draft) draftBox.append(renderFinalDraft(draft, contest, { published: draftPublished }));
  }
  i18n.onChange(() => { if (draftBox.isConnected) drawDraft(); });

  const action = actionGroup();

  const finalize = async (say) => {
    let reply;
    try {
      reply = await session.call(`${base}/finalize`, { method: 'POST' });
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'not_finalized') throw error;
      // A counted round is not published. The stats as they stand now name
      // it in the page's language; the server's own words follow.
      await poller.poll();
      const missing = (stats?.rounds || []).find((r) => !r.published_at);
      say('error', () => [
        missing ? t('final.err.roundNotPublished', { round: missing.title || titleOf(missing.round) }) : t('final.err.roundsFirst'),
        // The server words its refusals in English.
        ' ', h('span', { class: 'server-says', 'data-testid': 'final-server-message' },
          t('final.err.serverSays'), ' ', h('span', { lang: 'en' }, error.message)),
      ]);
      return;
    }
    draft = reply;
    draftPublished = false;
    drawDraft();
    say('ok', () => t('final.finalizedNow', { n: formatNumber((reply.ranking || []).length, i18n.lang) }));
    poller.poll();
  };
  finalize.overrides = { not_found: 'final.err.noFinal' };

  const viewResults = async (say) => {
    draft = await session.call(`${base}/results?format=json`);
    draftPublished = Boolean(stats?.published_at);
    drawDraft();
    say('ok', () => t('final.resultsShown'));
  };
  viewResults.overrides = { not_found: 'final.err.noResults' };

  const publish = async (say) => {
    const yes = await confirmAction({
      title: t('final.confirmPublishTitle', { title: final.title }),
      message: t('final.confirmPublish'),
      confirmLabel: t('final.publish'),
    });
    if (!yes) return;
    const reply = await session.call(`${base}/publish`, { method: 'POST' });
    if (draft) { draftPublished = true; drawDraft(); }
    say('ok', () => t('final.publishedNow', { at: formatDateTime(reply.published_at, i18n.lang) }));
    poller.poll();
  };
  publish.overrides = { stale_draft: 'final.err.staleDraft', 409: 'final.err.finalizeFirst' };

  const fileAction = (format) => {
    const run = async (say) => {
      const name = `${contest.id}-chung-cuoc-xep-hang.${format}`;
      await session.fetchFile(`${base}/results?format=${format}`, name);
      say('ok', () => t('round.downloaded', { name }));
    };
    run.overrides = { not_found: 'final.err.noResults' };
    return run;
  };

  const noticeLink = resultsLink(contest, { final: '1' }, 'final-notice', () => Boolean(stats?.published_at));

  const actions = h('div', { class: 'round-actions' },
    changes && action('final.finalize', 'final-finalize', finalize),
    changes && action('final.publish', 'final-publish', publish),
    action('final.view', 'final-view', viewResults, { secondary: true }),
    files && action('final.csv', 'final-csv', fileAction('csv'), { secondary: true }),
    files && action('final.xlsx', 'final-xlsx', fileAction('xlsx'), { secondary: true }),
    noticeLink);

  const el = h('article', { class: 'round-panel final-panel card', 'data-testid': 'final-panel' },
    dyn('h3', {}, () => t('final.heading', { title: final.title })),
    status, rule, rounds, actions, draftBox);

  let shownSignature = null;
  const poller = statsPoller(session, `${base}/stats`, (reply, failure) => {
    if (reply) { stats = reply; statsError = null; } else statsError = failure;
    // The status line is a live region, and a list redrawn under a reader
    // loses their place: both only when something changed.
    const signature = JSON.stringify([stats, statsError && errorText(statsError)]);
    if (signature !== shownSignature) {
      shownSignature = signature;
      redraw(status);
      redraw(rounds);
      redraw(noticeLink);
    }
    return POLL_MS;
  });

  return { el, start: poller.start, stop: poller.stop };
}
