// The organiser's disqualification of a ranking line (CONTEST_RULES.md,
// "Fairness"; docs/protocol.md "Disqualification"): a modal dialog that asks
// whether the person (every prize of the contest) or only this entry is
// disqualified, and why. The reason is required: it is written to the audit
// stream and shown in the ranking. The server checks everything again; its
// refusal is shown at the field it names and the dialog stays open, so
// nothing typed is lost and nothing changed.

import { h } from '/shared/dom.js';
import { ApiError } from '/shared/http.js';
import { t } from './text.js';
import { field, setError, clearError, uid } from './form-fields.js';
import { errorText } from './errors.js';

// Matches the server's limit (core/results/disqualification).
const REASON_MAX = 500;

function kindChoice(kind, name, checked) {
  const id = uid('dq');
  const input = h('input', { type: 'radio', id, name, value: kind, checked, 'data-testid': `disqualify-kind-${kind}` });
  return h('div', { class: 'field checkbox' }, input,
    h('label', { for: id }, h('strong', {}, t(`disqualify.kind.${kind}`)), h('br'),
      h('span', { class: 'hint' }, t(`disqualify.kind.${kind}Hint`))));
}

// row: a ranking row ({name, participant, attempt, score, max_score, rank}).
// submit(kind, reason) sends it; resolves true once the server accepted it,
// false when the organiser cancelled.
export function disqualifyDialog(row, submit) {
  return new Promise((resolve) => {
    const group = uid('kind');
    const titleId = uid('dq-title');
    const reason = field({ label: 'disqualify.reason', type: 'textarea', hint: 'disqualify.reasonHint',
      attrs: { rows: 3, maxlength: REASON_MAX, required: true }, testid: 'disqualify-reason' });
    const kinds = h('fieldset', { class: 'kinds' }, h('legend', {}, t('disqualify.kindLegend')),
      kindChoice('person', group, true), kindChoice('entry', group, false));
    const general = h('p', { class: 'field-error', role: 'alert', hidden: true, 'data-testid': 'disqualify-error' });
    const cancel = h('button', { type: 'button', class: 'secondary', 'data-testid': 'disqualify-cancel' }, t('common.cancel'));
    const ok = h('button', { type: 'submit', class: 'danger', 'data-testid': 'disqualify-ok' }, t('disqualify.ok'));
    const form = h('form', { method: 'dialog', novalidate: true },
      h('h2', { id: titleId }, t('disqualify.title', { name: row.name })),
      h('p', { class: 'muted' }, t('disqualify.line', { rank: row.rank, score: row.score, max: row.max_score })),
      kinds, reason.wrap, general, h('div', { class: 'actions' }, cancel, ok));
    const dialog = h('dialog', { class: 'confirm disqualify', 'aria-labelledby': titleId, 'data-testid': 'disqualify-dialog' }, form);
    const opener = document.activeElement;
    let accepted = false;

    const showProblem = (error) => {
      const where = error instanceof ApiError ? error.details?.field : null;
      const text = errorText(error, {
        already_exists: 'disqualify.err.already', not_found: 'disqualify.err.notFound', 403: 'disqualify.err.forbidden',
      });
      if (where === 'reason') {
        setError(reason.input, t('disqualify.err.reason'));
        reason.input.focus();
      } else {
        general.textContent = where === 'target' ? t('disqualify.err.running') : text;
        general.hidden = false;
      }
    };

    // While the request is out the dialog stays: closing it then would hide
    // a change the server may still make.
    let sending = false;
    cancel.addEventListener('click', () => { if (!sending) dialog.close(); });
    dialog.addEventListener('cancel', (event) => { if (sending) event.preventDefault(); });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearError(reason.input);
      general.hidden = true;
      const kind = form.querySelector(`input[name="${group}"]:checked`).value;
      ok.disabled = true;
      cancel.disabled = true;
      sending = true;
      try {
        await submit(kind, reason.input.value);
        accepted = true;
        dialog.close();
      } catch (error) {
        if (!(error instanceof ApiError)) console.error(error);
        showProblem(error);
      } finally {
        sending = false;
        ok.disabled = false;
        cancel.disabled = false;
      }
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      resolve(accepted);
    });
    document.body.append(dialog);
    dialog.showModal();
    reason.input.focus();
  });
}
