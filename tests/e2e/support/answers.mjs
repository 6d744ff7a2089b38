// Choosing right (or wrong) answers by what the options say. An attempt shows
// its options under ids of its own (docs/protocol.md: six characters, new in
// every attempt, unrelated to the bank's "a", "b", … or to the position), so
// the right ones are found by their text, read from the bank on disk (or
// the organiser's copy of it, which has the answers).
//
//   const key = rightTexts(bank);                     // question id -> Set of right texts
//   const { chosen } = await chooseOnPage(page, key, true);   // the question on screen
//   const ids = choicesFor(attempt.questions[0], key, false); // an attempt over the protocol

import assert from 'node:assert/strict';

// The text as the server sends it: NFC (banks are stored normalised), with
// runs of white space as one space.
export function normalText(text) {
  return String(text ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
}

// question id -> Set of the texts of its right options, over one or more
// banks in the native JSON format ({questions: [{id, options: [{id, text}], correct}]}).
export function rightTexts(...banks) {
  const key = new Map();
  for (const bank of banks) {
    for (const q of bank.questions) {
      const text = new Map(q.options.map((o) => [o.id, normalText(o.text)]));
      key.set(q.id, new Set(q.correct.map((id) => text.get(id))));
    }
  }
  return key;
}

// The right options' ids among `options` ([{id, text}]), checked against the
// key: every right text is there once.
function rightIds(questionId, options, key) {
  const right = key.get(questionId);
  assert.ok(right, `question ${questionId} is in the bank`);
  const ids = options.filter((o) => right.has(normalText(o.text))).map((o) => o.id);
  assert.equal(ids.length, right.size, `question ${questionId} shows each of its ${right.size} right option(s) once`);
  return ids;
}

// The ids to send in an `answer` for a question of an `attempt` object: all
// the right ones, or one wrong one: the wrong option whose text sorts first,
// so two attempts that showed the options in other orders choose alike.
export function choicesFor(question, key, right = true) {
  const good = rightIds(question.id, question.options, key);
  if (right) return good;
  const wrong = question.options.filter((o) => !good.includes(o.id))
    .sort((a, b) => normalText(a.text).localeCompare(normalText(b.text)))[0];
  assert.ok(wrong, `question ${question.id} has a wrong option`);
  return [wrong.id];
}

// The options of the question on screen, in the order shown:
// [{value, type, letter, text}] (value: the input's, the attempt's option id).
export async function shownOptions(page) {
  const options = await page.locator('#question label.option').evaluateAll((labels) => labels.map((label) => {
    const input = label.querySelector('input[name="choice"]');
    return {
      value: input.value,
      type: input.type,
      letter: label.querySelector('.option-letter')?.textContent ?? null,
      text: label.querySelector('.option-text')?.textContent ?? null,
    };
  }));
  return options.map((o) => ({ ...o, text: normalText(o.text) }));
}

// Checks the question on screen right (every right option) or wrong (the
// first wrong option shown). Returns {question, options, chosen: [values]};
// waiting for the save is the caller's.
export async function chooseOnPage(page, key, right = true) {
  const question = await page.locator('#question').getAttribute('data-question');
  const options = await shownOptions(page);
  const chosen = choicesFor({ id: question, options: options.map((o) => ({ id: o.value, text: o.text })) }, key, right);
  for (const value of chosen) await page.check(`#question input[name="choice"][value=${JSON.stringify(value)}]`);
  return { question, options, chosen };
}
