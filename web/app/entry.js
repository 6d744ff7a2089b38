// The entry: one question at a time (what suits a phone), a navigator with
// progress, each choice sent at once and shown saving / saved / failed, the
// countdown from the attempt's deadline by the server's clock, warnings in a
// live region, the prediction (kept on the server as it is typed, so an
// entry that runs out of time keeps it), and submit behind a confirmation
// dialog. Options are labelled A, B, C… by where they are shown: their ids
// are the attempt's own and say nothing to a person.

import { h, clear } from '/shared/dom.js';
import { formatCountdown, formatDateTime } from '/shared/format.js';
import { every } from './ticker.js';
import { errorText } from './errors.js';
import { storage } from './storage.js';

const MINUTE = 60000;
// How long after the deadline the page waits for the server's own
// attempt.expired push before asking for the result itself.
const EXPIRY_GRACE_MS = 1500;
// The prediction is sent this long after the last keystroke (and at once
// when the field is left), not at every digit.
const PREDICTION_DEBOUNCE_MS = 600;

// A, B, C… by position on screen; past Z (no bank has that many) the number.
function optionLetter(index) {
  return index < 26 ? String.fromCharCode(65 + index) : String(index + 1);
}

export class EntryView {
  constructor(ctx, attempt) {
    this.ctx = ctx;
    this.attempt = attempt;
    this.answers = { ...attempt.answers };
    this.saves = {};
    for (const id of Object.keys(this.answers)) this.saves[id] = { state: 'saved' };
    const firstOpen = attempt.questions.findIndex((q) => !(this.answers[q.id]?.length));
    this.index = firstOpen < 0 ? 0 : firstOpen;
    // The server's prediction, unless this device holds one typed and not
    // known to be saved (a failed save, a reload before the reply).
    const typed = storage.prediction(attempt.id);
    const saved = attempt.prediction?.value ?? null;
    this.prediction = typed ?? (saved === null ? '' : String(saved));
    // Like an answer's save; `saved` is the value the server last confirmed.
    this.predictionSave = { state: 'saved', saved, pending: null, inflight: false, promise: null, reason: null };
    this.predictionTimer = null;
    this.predictionError = null;
    this.submitError = null;
    this.warning = null;        // dictionary key of the time warning shown
    this.timeUp = false;
    this.submitting = false;
    this.finished = false;
    this.expiryTimer = null;
    this.root = h('section', {
      id: 'entry', class: 'entry', 'aria-labelledby': 'entry-heading', 'data-attempt': attempt.id,
      'data-round': attempt.round,
    });
    if (attempt.prediction && typed !== null) this.restorePrediction();
  }

  get round() { return this.ctx.state.contest?.rounds.find((r) => r.id === this.attempt.round); }

  mount(container) {
    container.replaceChildren(this.root);
    this.render();
  }

  destroy() {
    this.finished = true;
    clearTimeout(this.expiryTimer);
    clearTimeout(this.predictionTimer);
    if (this.dialog?.open) this.dialog.close();
    this.root.remove();
  }

  // The server's copy after a reconnect or reload: the same attempt and
  // deadline. Answers still being saved (or that failed) here win and are
  // sent again; the rest come from the server.
  resume(attempt) {
    this.attempt = attempt;
    for (const q of attempt.questions) {
      const save = this.saves[q.id];
      if (save && (save.state === 'saving' || save.state === 'failed')) {
        if (save.state === 'failed') this.retry(q.id);
      } else if (attempt.answers[q.id]) {
        this.answers[q.id] = attempt.answers[q.id];
        this.saves[q.id] = { state: 'saved' };
      }
    }
    this.resumePrediction(attempt);
    this.render();
  }

  // The same for the prediction: one typed here and not saved yet wins (a
  // failed one is sent again); otherwise the server's value is shown, which
  // another device may have changed. Text that is no number stays for the
  // contestant to correct.
  resumePrediction(attempt) {
    if (!attempt.prediction) return;
    const save = this.predictionSave;
    if (this.predictionTimer || save.inflight || save.state === 'saving' || save.state === 'failed') {
      if (save.state === 'failed') this.savePrediction();
      return;
    }
    if (!this.predictionValue().ok || attempt.prediction.value === undefined) return;
    const value = attempt.prediction.value;
    save.saved = value;
    save.state = 'saved';
    this.prediction = value === null ? '' : String(value);
  }

  answeredCount() {
    return this.attempt.questions.filter((q) => this.answers[q.id]?.length).length;
  }

  render() {
    const { t } = this.ctx;
    const lang = this.ctx.i18n.lang;
    const a = this.attempt;
    // A redraw (reconnect, language) keeps the contestant's place.
    const focused = this.root.contains(document.activeElement) ? document.activeElement.id : null;
    const total = a.questions.length;
    this.countdown = h('span', {
      id: 'entry-countdown', class: 'timer-value tabular', role: 'timer', 'data-deadline': String(a.deadline),
      'aria-labelledby': 'entry-timer-label',
    });
    this.warningBox = h('div', { id: 'time-warning', 'data-testid': 'time-warning', role: 'alert' });
    this.answeredEl = h('span', { id: 'answered-count', class: 'tabular' });
    this.progressBar = h('progress', { max: String(total), value: '0', 'aria-labelledby': 'answered-count' });
    this.questionSlot = h('div', { class: 'question-slot' });
    this.navSlot = h('nav', { id: 'question-nav', 'aria-label': t('entry.nav') });
    this.dialog = this.buildDialog();
    clear(this.root).append(
      h('div', { class: 'entry-bar' },
        h('h2', { id: 'entry-heading', tabindex: '-1' },
          this.round?.title || a.round, ' · ', t('entry.attemptNo', { n: a.number })),
        h('div', { class: 'entry-meta' },
          h('p', { class: 'timer' },
            h('span', { id: 'entry-timer-label', class: 'timer-label' }, t('entry.timeLeft')), ' ',
            this.countdown),
          h('p', { class: 'deadline muted' }, t('entry.deadlineAt', { time: formatDateTime(a.deadline, lang) })),
          h('p', { class: 'answered' }, this.answeredEl)),
        this.progressBar),
      this.warningBox,
      this.questionSlot,
      this.navSlot,
      // Element.append writes a null as the text "null": nothing instead.
      ...(a.prediction ? [this.buildPrediction()] : []),
      this.buildSubmit(),
      this.dialog);
    this.refresh();
    this.showWarning();
    every(this.countdown, () => this.tick());
    if (focused) this.root.querySelector(`#${CSS.escape(focused)}`)?.focus();
  }

  // Question, navigator and counts; called after each move or choice.
  refresh() {
    if (this.finished) return;
    const { t } = this.ctx;
    const a = this.attempt;
    const total = a.questions.length;
    const answered = this.answeredCount();
    this.answeredEl.textContent = t('entry.answered', { n: answered, total });
    this.answeredEl.dataset.answered = String(answered);
    this.progressBar.value = answered;
    this.questionSlot.replaceChildren(this.buildQuestion(a.questions[this.index]));
    this.navSlot.replaceChildren(h('ol', { class: 'nav-list' }, a.questions.map((q, i) => {
      const done = Boolean(this.answers[q.id]?.length);
      const state = this.saves[q.id]?.state;
      return h('li', {}, h('button', {
        type: 'button', id: `nav-${i}`,
        class: `nav-item${done ? ' answered' : ''}${state === 'failed' ? ' failed' : ''}`,
        'data-index': String(i), 'data-question': q.id, 'aria-current': i === this.index ? 'step' : null,
        'aria-label': t(done ? 'entry.navAnswered' : 'entry.navUnanswered', { n: i + 1 }),
        onclick: () => this.go(i),
      }, String(i + 1)));
    })));
  }

  buildQuestion(q) {
    const { t } = this.ctx;
    const total = this.attempt.questions.length;
    const chosen = new Set(this.answers[q.id] || []);
    const type = q.multiple ? 'checkbox' : 'radio';
    const disabled = this.timeUp || this.submitting;
    // The letter is part of the label, so a screen reader says "A. …" too.
    const options = q.options.map((o, i) => {
      const id = `opt-${q.id}-${o.id}`;
      return h('li', {}, h('label', { class: 'option', for: id },
        h('input', {
          type, id, name: 'choice', value: o.id, checked: chosen.has(o.id), disabled,
          onchange: (event) => this.choose(q, event.target),
        }),
        h('span', { class: 'option-letter' }, `${optionLetter(i)}.`),
        h('span', { class: 'option-text' }, o.text)));
    });
    return h('fieldset', {
      id: 'question', class: 'question', 'data-question': q.id, 'data-index': String(this.index), tabindex: '-1',
      'aria-describedby': 'question-hint save-status',
    },
    h('legend', {},
      h('span', { id: 'question-progress', class: 'question-number' },
        t('entry.progress', { n: this.index + 1, total })),
      h('span', { class: 'question-text' }, q.text)),
    h('p', { class: 'hint', id: 'question-hint' }, t(q.multiple ? 'entry.chooseMany' : 'entry.chooseOne')),
    h('ul', { class: 'options' }, options),
    this.buildSaveStatus(q),
    h('div', { class: 'entry-move' },
      h('button', { type: 'button', class: 'secondary', id: 'prev-question', disabled: this.index === 0,
        onclick: () => this.go(this.index - 1) }, t('entry.prev')),
      h('button', { type: 'button', class: 'secondary', id: 'next-question', disabled: this.index === total - 1,
        onclick: () => this.go(this.index + 1) }, t('entry.next'))));
  }

  buildSaveStatus(q) {
    const el = h('p', { id: 'save-status', 'aria-live': 'polite' });
    this.fillSaveStatus(el, q);
    return el;
  }

  // Filled in place, never replaced: a screen reader reads out a live
  // region whose text changes, not a new element put in its stead.
  fillSaveStatus(el, q) {
    const { t } = this.ctx;
    const save = this.saves[q.id];
    let state = save?.state || 'none';
    // A question cleared (every box unticked) and saved reads as unanswered.
    if (state === 'saved' && !this.answers[q.id]?.length) state = 'none';
    const text = state === 'failed' ? t('save.failed', { reason: save.reason }) : t(`save.${state}`);
    el.className = `save-status ${state}`;
    el.dataset.state = state;
    el.replaceChildren(text, ...(state === 'failed' ? [' ', h('button', { type: 'button', class: 'secondary small',
      id: 'retry-save', onclick: () => this.retry(q.id) }, t('save.retry'))] : []));
  }

  updateSaveStatus(questionId) {
    if (this.finished) return;
    const current = this.attempt.questions[this.index];
    const status = this.root.querySelector('#save-status');
    if (current.id === questionId && status) this.fillSaveStatus(status, current);
    const nav = this.navSlot.querySelector(`[data-question="${CSS.escape(questionId)}"]`);
    nav?.classList.toggle('failed', this.saves[questionId]?.state === 'failed');
  }

  go(index) {
    if (index < 0 || index >= this.attempt.questions.length) return;
    this.index = index;
    this.refresh();
    this.root.querySelector('#question')?.focus();
  }

  choose(q, input) {
    const fieldset = this.root.querySelector('#question');
    const choices = q.multiple
      ? [...fieldset.querySelectorAll('input[name="choice"]:checked')].map((el) => el.value)
      : [input.value];
    this.answers[q.id] = choices;
    const answered = this.answeredCount();
    this.answeredEl.textContent = this.ctx.t('entry.answered', { n: answered, total: this.attempt.questions.length });
    this.answeredEl.dataset.answered = String(answered);
    this.progressBar.value = answered;
    const nav = this.navSlot.querySelector(`[data-question="${CSS.escape(q.id)}"]`);
    if (nav) {
      nav.classList.toggle('answered', choices.length > 0);
      nav.setAttribute('aria-label', this.ctx.t(choices.length ? 'entry.navAnswered' : 'entry.navUnanswered',
        { n: this.attempt.questions.indexOf(q) + 1 }));
    }
    this.save(q.id, choices);
  }

  // One request in flight per question, the newest choice sent after it:
  // the server may process a connection's requests concurrently, and an
  // older choice must never overwrite a newer one.
  save(questionId, choices) {
    const save = this.saves[questionId] ||= { state: 'none' };
    save.state = 'saving';
    save.pending = choices;
    this.updateSaveStatus(questionId);
    if (!save.inflight) save.promise = this.flush(questionId);
  }

  retry(questionId) {
    this.save(questionId, this.answers[questionId] || []);
  }

  async flush(questionId) {
    const save = this.saves[questionId];
    while (save.pending) {
      const choices = save.pending;
      save.pending = null;
      save.inflight = true;
      try {
        await this.ctx.ws.request('answer', { attempt: this.attempt.id, question: questionId, choices });
        if (!save.pending) { save.state = 'saved'; save.reason = null; }
      } catch (error) {
        if (!save.pending) { save.state = 'failed'; save.reason = errorText(this.ctx.i18n, error); }
        if (error.code === 'attempt_closed') this.ctx.actions.attemptEnded(this);
      } finally {
        save.inflight = false;
      }
      this.updateSaveStatus(questionId);
    }
  }

  buildPrediction() {
    const { t } = this.ctx;
    const input = h('input', {
      id: 'prediction', name: 'prediction', type: 'text', inputmode: 'numeric', autocomplete: 'off',
      value: this.prediction, 'aria-describedby': 'prediction-hint prediction-error prediction-status',
      'aria-invalid': this.predictionError ? 'true' : null, disabled: this.timeUp || this.submitting,
      oninput: (event) => this.predictionTyped(event.target.value),
      onchange: () => this.predictionLeft(),
      onblur: () => this.predictionLeft(),
    });
    const status = h('p', { id: 'prediction-status', 'aria-live': 'polite' });
    this.fillPredictionStatus(status);
    return h('section', { class: 'card prediction', 'aria-labelledby': 'prediction-title' },
      h('h3', { id: 'prediction-title' }, t('entry.prediction')),
      h('label', { for: 'prediction' }, this.attempt.prediction.prompt),
      input,
      h('p', { class: 'hint', id: 'prediction-hint' }, t('entry.predictionHint')),
      h('p', { class: 'field-error', id: 'prediction-error' }, this.predictionError || ''),
      status);
  }

  // Each keystroke: kept on the device at once (a reload keeps it), checked,
  // and sent once typing pauses. Text that is no whole number is not sent.
  predictionTyped(text) {
    this.prediction = text;
    storage.setPrediction(this.attempt.id, text.trim());
    clearTimeout(this.predictionTimer);
    this.predictionTimer = null;
    if (this.predictionValue().ok) {
      this.setPredictionError(null);
      this.predictionSave.state = 'saving';
      this.predictionTimer = setTimeout(() => this.savePrediction(), PREDICTION_DEBOUNCE_MS);
    } else {
      this.setPredictionError(this.ctx.t('entry.predictionInvalid'), { focus: false });
    }
    this.updatePredictionStatus();
  }

  // Leaving the field sends what waits for the pause at once.
  predictionLeft() {
    if (this.predictionTimer) this.savePrediction();
  }

  // A value typed on this device before a reload: sent now, or shown as
  // not valid.
  restorePrediction() {
    if (this.predictionValue().ok) this.savePrediction();
    else this.predictionError = this.ctx.t('entry.predictionInvalid');
  }

  // One request in flight, the newest value sent after it, as for answers.
  savePrediction() {
    clearTimeout(this.predictionTimer);
    this.predictionTimer = null;
    const parsed = this.predictionValue();
    if (!parsed.ok || this.finished || this.submitting) return;
    const value = parsed.value ?? null;
    const save = this.predictionSave;
    if (!save.inflight && save.saved === value) {
      // What the server holds already (typed back, or a reload).
      save.state = 'saved';
      save.reason = null;
      this.forgetTypedPrediction();
    } else {
      save.state = 'saving';
      save.pending = { value };
      if (!save.inflight) save.promise = this.flushPrediction();
    }
    this.updatePredictionStatus();
  }

  async flushPrediction() {
    const save = this.predictionSave;
    while (save.pending) {
      const { value } = save.pending;
      save.pending = null;
      save.inflight = true;
      try {
        await this.ctx.ws.request('prediction', { attempt: this.attempt.id, prediction: value });
        save.saved = value;
        if (!save.pending) { save.state = 'saved'; save.reason = null; this.forgetTypedPrediction(); }
      } catch (error) {
        if (!save.pending) { save.state = 'failed'; save.reason = errorText(this.ctx.i18n, error); }
        if (error.code === 'invalid_prediction' && !this.finished) {
          this.setPredictionError(this.ctx.t('code.invalid_prediction'), { focus: false });
        }
        if (error.code === 'attempt_closed') this.ctx.actions.attemptEnded(this);
      } finally {
        save.inflight = false;
      }
      this.updatePredictionStatus();
    }
  }

  // The device's copy is only for a value the server may not have; once the
  // text on screen is what the server holds, it goes.
  forgetTypedPrediction() {
    const parsed = this.predictionValue();
    if (parsed.ok && (parsed.value ?? null) === this.predictionSave.saved) storage.setPrediction(this.attempt.id, null);
  }

  // Filled in place, like the answers' status, so it is read out as it changes.
  fillPredictionStatus(el) {
    const { t } = this.ctx;
    const save = this.predictionSave;
    let state = save.state;
    // Nothing kept, or text that is no number (its error says so): nothing
    // to report.
    if ((state === 'saved' && save.saved === null) || !this.predictionValue().ok) state = 'none';
    const text = { saving: t('prediction.saving'), saved: t('prediction.saved'),
      failed: t('prediction.failed', { reason: save.reason }), none: '' }[state];
    el.className = `save-status ${state}`;
    el.dataset.state = state;
    el.replaceChildren(text, ...(state === 'failed' ? [' ', h('button', { type: 'button', class: 'secondary small',
      id: 'retry-prediction', onclick: () => this.savePrediction() }, t('save.retry'))] : []));
  }

  updatePredictionStatus() {
    if (this.finished) return;
    const el = this.root.querySelector('#prediction-status');
    if (el) this.fillPredictionStatus(el);
  }

  buildSubmit() {
    const { t } = this.ctx;
    return h('div', { class: 'submit-area' },
      h('p', { class: 'field-error', id: 'submit-error', role: 'alert' }, this.submitError || ''),
      h('button', { type: 'button', id: 'submit-entry', disabled: this.timeUp || this.submitting,
        onclick: () => this.askSubmit() }, t(this.submitting ? 'entry.submitting' : 'entry.submit')));
  }

  buildDialog() {
    const { t } = this.ctx;
    return h('dialog', { id: 'confirm-submit', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text' },
      h('h2', { id: 'confirm-title' }, t('confirm.title')),
      h('div', { id: 'confirm-text' }),
      h('div', { class: 'actions' },
        h('button', { type: 'button', id: 'confirm-submit-ok', onclick: () => { this.dialog.close(); this.submit(); } },
          t('confirm.ok')),
        h('button', { type: 'button', class: 'secondary', id: 'confirm-submit-cancel', autofocus: true,
          onclick: () => this.dialog.close() }, t('confirm.cancel'))));
  }

  predictionValue() {
    const text = String(this.prediction ?? '').trim().replace(/[.,\s]/g, '');
    if (text === '') return { ok: true, value: undefined };
    if (!/^\d{1,10}$/.test(text) || Number(text) > 1e9) return { ok: false };
    return { ok: true, value: Number(text) };
  }

  // focus: false while the contestant types (the focus is there already)
  // or when a late reply says so (the focus may have moved on).
  setPredictionError(message, { focus = true } = {}) {
    this.predictionError = message;
    const input = this.root.querySelector('#prediction');
    const slot = this.root.querySelector('#prediction-error');
    if (slot) slot.textContent = message || '';
    if (input) {
      if (message) {
        input.setAttribute('aria-invalid', 'true');
        if (focus) input.focus();
      } else input.removeAttribute('aria-invalid');
    }
  }

  askSubmit() {
    const { t } = this.ctx;
    if (this.attempt.prediction && !this.predictionValue().ok) {
      this.setPredictionError(t('entry.predictionInvalid'));
      return;
    }
    this.setPredictionError(null);
    const total = this.attempt.questions.length;
    const unanswered = total - this.answeredCount();
    const lines = [h('p', { id: 'confirm-unanswered', 'data-unanswered': String(unanswered) },
      unanswered === 0 ? t('confirm.allAnswered', { total }) : t('confirm.unanswered', { n: unanswered, total }))];
    if (this.attempt.prediction && this.predictionValue().value === undefined) {
      lines.push(h('p', { id: 'confirm-no-prediction' }, t('confirm.noPrediction')));
    }
    const unsaved = Object.values(this.saves).filter((s) => s.state === 'failed').length;
    if (unsaved) lines.push(h('p', { class: 'field-error' }, t('confirm.unsaved', { n: unsaved })));
    lines.push(h('p', {}, t('confirm.final')));
    this.dialog.querySelector('#confirm-text').replaceChildren(...lines);
    this.dialog.showModal();
  }

  async submit() {
    if (this.submitting || this.finished) return;
    const { t } = this.ctx;
    // The prediction waiting for a pause in typing is not sent on its own:
    // the submit carries it.
    const unsent = Boolean(this.predictionTimer);
    clearTimeout(this.predictionTimer);
    this.predictionTimer = null;
    this.submitting = true;
    this.submitError = null;
    this.render();
    const button = this.root.querySelector('#submit-entry');
    // Answers (and the prediction) still on their way go first, so the entry
    // is submitted as the contestant sees it.
    await Promise.allSettled([...Object.values(this.saves).map((s) => s.promise), this.predictionSave.promise]
      .filter(Boolean));
    const fields = { attempt: this.attempt.id };
    const prediction = this.predictionValue().value;
    if (prediction !== undefined) fields.prediction = prediction;
    try {
      const reply = await this.ctx.ws.request('submit', fields);
      this.ctx.actions.finishEntry(reply.result, false);
    } catch (error) {
      if (this.finished) return;
      this.submitting = false;
      // The entry goes on: the prediction the submit was to carry is saved
      // on its own again.
      if (unsent) this.savePrediction();
      this.render();
      if (error.code === 'invalid_prediction') this.setPredictionError(t('code.invalid_prediction'));
      else {
        this.submitError = errorText(this.ctx.i18n, error);
        this.root.querySelector('#submit-error').textContent = this.submitError;
      }
      button?.focus();
    }
  }

  tick() {
    if (this.finished) return;
    // Never above the attempt's own length: the clock offset measured at the
    // welcome is a few ms short (the reply's travel), which must not show as
    // an extra second.
    const limit = this.attempt.deadline - this.attempt.started_at;
    const left = Math.min(this.attempt.deadline - this.ctx.now(), limit);
    this.countdown.textContent = formatCountdown(left, this.ctx.i18n.lang);
    this.countdown.dataset.left = String(Math.max(0, Math.ceil(left / 1000)));
    let warning = null;
    if (this.closedEarly) warning = 'entry.roundClosed';
    else if (left <= 0) warning = 'entry.timeUp';
    else if (left <= MINUTE) warning = 'entry.warn1';
    else if (left <= 5 * MINUTE && limit > 10 * MINUTE) warning = 'entry.warn5';
    if (warning !== this.warning) {
      this.warning = warning;
      this.showWarning();
    }
    this.countdown.classList.toggle('urgent', left <= MINUTE);
    if (left <= 0 && !this.timeUp) this.onTimeUp();
  }

  showWarning() {
    if (!this.warningBox) return;
    const key = this.warning;
    this.warningBox.className = key ? `notice ${key === 'entry.warn5' ? '' : 'warn'}` : '';
    this.warningBox.dataset.warning = key || '';
    this.warningBox.textContent = key ? this.ctx.t(key) : '';
  }

  // The server submits the attempt at its deadline and pushes
  // attempt.expired; should the push be lost, ask for the result (a submit
  // after the deadline is taken as the expiry, and is idempotent).
  onTimeUp() {
    this.timeUp = true;
    // Past the deadline the server would refuse it; it keeps the prediction
    // saved last.
    clearTimeout(this.predictionTimer);
    this.predictionTimer = null;
    for (const el of this.root.querySelectorAll('input, #submit-entry')) el.disabled = true;
    if (this.dialog.open) this.dialog.close();
    this.expiryTimer = setTimeout(() => this.ctx.actions.attemptEnded(this), EXPIRY_GRACE_MS);
  }

  // The organiser closed the round: the server submits the entry as it
  // stands and pushes attempt.expired.
  roundClosed() {
    this.closedEarly = true;
    this.tick();
    if (!this.timeUp) this.onTimeUp();
  }
}
