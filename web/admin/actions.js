// The dashboard's action buttons (a round's close, finalize, publish, its
// files; the final ranking's): each its button, and beside it a line for
// what came of it. An error beside one action of a group is cleared when
// any action of the group is tried again, so "finalize first" does not
// linger after the organiser has finalized.
//
//   const action = actionGroup();
//   action('round.publish', 'round-publish', async (say) => { …; say('ok', () => t('…')); });
//
// run(say) may throw: an ApiError is shown through errorText with
// run.overrides ({code or status: dictionary key}); anything else is a bug,
// logged, and shown as the network error.

import { h } from '/shared/dom.js';
import { ApiError } from '/shared/http.js';
import { dyn, redraw } from './text.js';
import { tx } from './form-fields.js';
import { errorText } from './errors.js';

export function actionGroup() {
  const clearers = [];
  return function action(key, testid, run, { secondary = false } = {}) {
    const button = tx('button', key, { type: 'button', class: secondary ? 'secondary' : null, 'data-testid': testid });
    const message = dyn('p', { class: 'action-msg', 'aria-live': 'polite', 'data-testid': `${testid}-msg` }, () => null);
    let failed = false;
    const say = (kind, make) => {
      failed = kind === 'error';
      redraw(message, () => h('span', { class: failed ? 'field-error' : 'ok-text' }, make()));
    };
    clearers.push(() => { if (failed) { failed = false; redraw(message, () => null); } });
    button.addEventListener('click', async () => {
      button.disabled = true;
      for (const clearError of clearers) clearError();
      redraw(message, () => null);
      try {
        await run(say);
      } catch (error) {
        if (!(error instanceof ApiError)) console.error(error);
        say('error', () => errorText(error, run.overrides || {}));
      } finally {
        button.disabled = false;
      }
    });
    return h('div', { class: 'action' }, button, message);
  };
}
