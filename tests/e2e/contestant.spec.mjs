// The contestant app at `/` in a real browser against the real gateway and
// Redis: registration with the server's errors at each field, an entry
// answered to a known score (the right answers found by their texts in the
// bank on disk, since options carry ids of the attempt's own, labelled A, B,
// C… on screen), a reload and a gateway restart mid-entry, the automatic
// submission when time runs out, the prediction saved as it is typed and
// read back from the server, login on another device, results published
// while the page is open, and the English switch. Screenshots at phone and
// desktop widths.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  startStack, launchBrowser, newPage, screenshot, isoFromNow, readJson, SOURCE_DIR, VIEWPORTS,
} from './support/stack.mjs';
import { HOA, BINH, register, sendRegistration } from './support/contestant-page.mjs';
import { rightTexts, chooseOnPage, normalText } from './support/answers.mjs';

const BANK_FILE = path.join(SOURCE_DIR, 'question_banks/cchc-2021-2030.vi.json');
const bank = readJson(BANK_FILE);
// A two-question bank for the quick round, one with two right answers, so
// the checkboxes are exercised whatever the draw.
const SMALL_BANK = {
  id: 'hai-cau', title: 'Hai câu hỏi', language: 'vi', topics: [{ id: 'chung', name: 'Chung' }],
  questions: [
    { id: 'hc-1', topic: 'chung', text: 'Những cơ quan nào sau đây là cơ quan hành chính nhà nước? (chọn 2 đáp án)',
      options: [{ id: 'a', text: 'Ủy ban nhân dân tỉnh' }, { id: 'b', text: 'Tòa án nhân dân tỉnh' },
        { id: 'c', text: 'Sở Nội vụ' }, { id: 'd', text: 'Viện kiểm sát nhân dân tỉnh' }], correct: ['a', 'c'] },
    { id: 'hc-2', topic: 'chung', text: 'Cơ chế một cửa được thực hiện tại đâu?',
      options: [{ id: 'a', text: 'Bộ phận Một cửa' }, { id: 'b', text: 'Nhà văn hóa' }, { id: 'c', text: 'Bưu điện' }],
      correct: ['a'] },
  ],
};
const key = rightTexts(bank, SMALL_BANK);
// question id -> the bank's option ids and texts, which the page must show
// (the texts) and must not give away (the ids).
const bankOptions = new Map([...bank.questions, ...SMALL_BANK.questions].map((q) => [q.id,
  { ids: q.options.map((o) => o.id), texts: new Set(q.options.map((o) => normalText(o.text))) }]));

const CONTEST = {
  id: 'thu-cchc',
  title: 'Cuộc thi thử tìm hiểu cải cách hành chính',
  categories: [{ id: 'cbccvc', name: 'Cán bộ, công chức, viên chức' }, { id: 'nhan-dan', name: 'Nhân dân' }],
  units: [{ id: 'so-noi-vu', name: 'Sở Nội vụ', block: 'so-nganh', headcount: 20 },
    { id: 'ubnd-phuong-1', name: 'UBND Phường 1', block: 'xa-phuong', headcount: 10 }],
  rounds: [
    {
      id: 'ky-1', title: 'Kỳ 1', opens_at: isoFromNow(-5), closes_at: isoFromNow(30), bank: 'cchc-2021-2030',
      draw: { count: 5 }, time_limit_s: 600, attempts: 2,
      prediction: { prompt: 'Dự đoán có bao nhiêu bài thi trả lời đúng tất cả các câu hỏi?', target: 'perfect_entries' },
      prizes: [{ category: 'cbccvc', tiers: [{ name: 'Giải Nhất', count: 1 }] }],
    },
    {
      id: 'ky-2', title: 'Kỳ 2', opens_at: isoFromNow(30), closes_at: isoFromNow(90), bank: 'cchc-2021-2030',
      draw: { count: 5 }, time_limit_s: 600,
    },
  ],
};

let stack;
let browser;
let page;          // Hoa's phone, kept open from the first test to the last
const pages = [];  // every page opened, checked for page errors
const submitted = []; // `submitted` results as the server sent them to Hoa's page

async function open(size, url, init) {
  const p = await newPage(browser, size);
  pages.push(p);
  if (init) await p.addInitScript(init);
  await p.goto(stack.url(url));
  return p;
}

// Each view at the phone width, then at the desktop width.
async function shots(p, name) {
  const size = p.viewportSize();
  // From the top, so the entry's sticky bar sits where a person first sees it.
  await p.evaluate(() => window.scrollTo(0, 0));
  await p.setViewportSize(VIEWPORTS.phone);
  await screenshot(p, `contestant-${name}-phone`);
  await p.setViewportSize(VIEWPORTS.desktop);
  await screenshot(p, `contestant-${name}-desktop`);
  await p.setViewportSize(size);
}

const text = (p, selector) => p.locator(selector).innerText();

// Answers the question on screen right or wrong, finding the options by
// their texts, and waits until the page shows it saved. Returns the option
// ids (the attempt's own) chosen.
async function answer(p, right) {
  const { question, options, chosen } = await chooseOnPage(p, key, right);
  // Every option of the bank's question, labelled A, B, C… in the order
  // shown, under ids that are not the bank's.
  const { ids, texts } = bankOptions.get(question);
  assert.deepEqual(new Set(options.map((o) => o.text)), texts);
  assert.deepEqual(options.map((o) => o.letter), options.map((_, i) => `${String.fromCharCode(65 + i)}.`));
  assert.equal(new Set(options.map((o) => o.value)).size, options.length, 'option ids are distinct');
  for (const o of options) assert.ok(!ids.includes(o.value), `option "${o.value}" of ${question} is not a bank id`);
  // Checkboxes exactly when the question has several right answers.
  const multiple = key.get(question).size > 1;
  assert.deepEqual(new Set(options.map((o) => o.type)), new Set([multiple ? 'checkbox' : 'radio']));
  assert.equal(await p.locator('#question-hint').innerText(),
    multiple ? 'Chọn tất cả các đáp án đúng.' : 'Chọn một đáp án.');
  await p.locator('#save-status[data-state="saved"]').waitFor();
  return { question, chosen };
}

async function waitForEntry(p) {
  await p.locator('#entry #question').waitFor();
}

async function adminLogin() {
  const res = await fetch(stack.url('/api/admin/login'), {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'btc', password: 'mat-khau-btc-1' }),
  });
  assert.equal(res.status, 200);
  return (await res.json()).token;
}

async function adminPost(token, url) {
  const res = await fetch(stack.url(url), { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
}

before(async () => {
  stack = await startStack();
  await stack.importBank(BANK_FILE, 'cchc-2021-2030');
  const small = path.join(stack.dir, 'hai-cau.json');
  writeFileSync(small, JSON.stringify(SMALL_BANK));
  await stack.importBank(small, SMALL_BANK.id);
  await stack.createContest(CONTEST);
  await stack.addOrganiser('btc', 'mat-khau-btc-1');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
  for (const p of pages) assert.deepEqual(p.errors.map(String), [], 'no page errors');
});

test('a contestant registers (errors at each field first), answers every question and submits', async () => {
  page = await open('phone', '/');
  page.on('websocket', (socket) => socket.on('framereceived', (frame) => {
    try {
      const msg = JSON.parse(frame.payload);
      if (msg.type === 'submitted') submitted.push(msg.result);
    } catch { /* not ours */ }
  }));

  // The list of contests with their rounds, statuses and countdowns.
  const card = page.locator(`[data-testid="contest-card"][data-contest="${CONTEST.id}"]`);
  await card.waitFor();
  assert.equal(await card.locator('h3').innerText(), CONTEST.title);
  assert.deepEqual(await card.locator('[data-testid="round-status"]').allInnerTexts(), ['Đang mở', 'Sắp mở']);
  assert.match(await card.locator('li[data-round="ky-1"] [data-testid="round-countdown"]').innerText(),
    /^Đóng sau \d{2}:\d{2}$/);
  assert.match(await card.locator('li[data-round="ky-2"] [data-testid="round-countdown"]').innerText(),
    /^Mở sau \d{2}:\d{2}$/);
  await shots(page, 'contest-list');

  // Choosing it keeps the choice in the URL and on the device.
  await card.locator('[data-testid="enter-contest"]').click();
  await page.locator('#reg-name').waitFor();
  assert.equal(new URL(page.url()).searchParams.get('contest'), CONTEST.id);
  assert.equal(await page.evaluate(() => localStorage.getItem('rq.contestant.contest')), `"${CONTEST.id}"`);
  assert.equal(await text(page, '#contest-title'), CONTEST.title);
  assert.deepEqual(await page.locator('#reg-unit option').allInnerTexts(), ['— Chọn —', 'Sở Nội vụ', 'UBND Phường 1']);
  assert.deepEqual(await page.locator('#reg-category option').allInnerTexts(),
    ['— Chọn —', 'Cán bộ, công chức, viên chức', 'Nhân dân']);

  // A bad submission: no name, a phone that is no Vietnamese mobile.
  await page.fill('#reg-phone', '12345');
  await page.fill('#reg-birth_date', HOA.birth);
  await page.selectOption('#reg-unit', HOA.unit);
  await page.selectOption('#reg-category', HOA.category);
  await page.fill('#reg-password', HOA.password);
  await page.click('#reg-submit');
  await page.locator('#reg-phone[aria-invalid="true"]').waitFor();
  assert.equal(await page.getAttribute('#reg-name', 'aria-invalid'), 'true');
  assert.equal(await text(page, '#reg-name-error'), 'Vui lòng nhập họ và tên.');
  assert.equal(await text(page, '#reg-phone-error'),
    'Số điện thoại di động Việt Nam gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09 (ví dụ 0901234567).');
  assert.match(await page.getAttribute('#reg-phone', 'aria-describedby'), /\breg-phone-error\b/);
  for (const ok of ['birth_date', 'unit', 'category', 'password']) {
    assert.equal(await page.getAttribute(`#reg-${ok}`, 'aria-invalid'), null, `${ok} is fine`);
  }
  assert.equal(await text(page, '#reg-summary'), 'Thông tin chưa đúng ở 2 mục. Vui lòng sửa các mục được đánh dấu.');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'reg-name');
  await shots(page, 'register-errors');

  // The good one: the page greets the participant and keeps the token.
  await register(page, HOA);
  assert.equal(await text(page, '[data-testid="participant-name"]'), HOA.name);
  assert.match(await text(page, '[data-testid="hello"]'), /Đơn vị: Sở Nội vụ/);
  assert.match(await page.evaluate((c) => localStorage.getItem(`rq.contestant.token.${c}`), CONTEST.id), /^"[0-9a-f]{64}"$/);

  // The entry: one question at a time, each answer saved as it is chosen.
  await page.click('button[data-action="start"][data-round="ky-1"]');
  await waitForEntry(page);
  assert.equal(await text(page, '#question-progress'), 'Câu 1/5');
  assert.equal(await text(page, '#answered-count'), 'Đã trả lời 0/5');
  assert.equal(await page.locator('#question-nav button').count(), 5);
  assert.match(await text(page, '#entry-countdown'), /^(10:00|09:5\d)$/);
  await shots(page, 'entry-question');
  // Three right and two wrong: a score of 3 known in advance.
  for (let i = 0; i < 5; i += 1) {
    await answer(page, i < 3);
    assert.equal(await text(page, '#answered-count'), `Đã trả lời ${i + 1}/5`);
    if (i < 4) {
      await page.click('#next-question');
      assert.equal(await text(page, '#question-progress'), `Câu ${i + 2}/5`);
    }
  }
  await page.fill('#prediction', '2');

  await page.click('#submit-entry');
  await page.locator('#confirm-submit[open]').waitFor();
  assert.equal(await text(page, '#confirm-unanswered'), 'Bạn đã trả lời tất cả 5 câu.');
  await shots(page, 'submit-confirmation');
  await page.click('#confirm-submit-ok');
  const result = page.locator('[data-testid="result"]');
  await result.waitFor();
  assert.equal(submitted.length, 1);
  assert.equal(submitted[0].score, 3, 'the server scored the known answers');
  assert.equal(await text(page, '[data-testid="result-score"]'), `${submitted[0].score}/${submitted[0].max_score}`);
  assert.equal(await text(page, '[data-testid="result-score"]'), '3/5');
  assert.equal(await text(page, '[data-testid="result-correct"]'), '3/5');
  assert.equal(await text(page, '[data-testid="result-prediction"]'), '2');
  assert.equal(await text(page, '[data-testid="result-attempts-left"]'), '1');
  assert.equal(await text(page, '[data-testid="result-best"]'), 'Đây là bài được tính (bài tốt nhất) của bạn ở kỳ này.');
  assert.equal(await result.getAttribute('data-status'), 'submitted');
  assert.equal(await page.locator('[data-testid="auto-submitted"]').count(), 0);
  await shots(page, 'result');
});

let secondAttempt;

test('a reload mid-entry resumes the same attempt with the same deadline and the answers chosen', async () => {
  await page.click('#start-another');
  await waitForEntry(page);
  assert.equal(await text(page, '#entry-heading'), 'Kỳ 1 · Lượt 2');
  const first = await answer(page, false);
  await page.click('#next-question');
  const second = await answer(page, true);
  const before = {
    attempt: await page.getAttribute('#entry', 'data-attempt'),
    deadline: await page.getAttribute('#entry-countdown', 'data-deadline'),
  };
  secondAttempt = before.attempt;

  await page.reload();
  await waitForEntry(page);
  assert.equal(await page.getAttribute('#entry', 'data-attempt'), before.attempt);
  assert.equal(await page.getAttribute('#entry-countdown', 'data-deadline'), before.deadline);
  assert.equal(await text(page, '#answered-count'), 'Đã trả lời 2/5');
  // It opens at the first question not answered yet; the answered ones are kept.
  assert.equal(await text(page, '#question-progress'), 'Câu 3/5');
  for (const [index, chosen] of [[0, first], [1, second]]) {
    await page.click(`#question-nav button[data-index="${index}"]`);
    assert.equal(await page.getAttribute('#question', 'data-question'), chosen.question);
    const checked = await page.locator('#question input[name="choice"]:checked').evaluateAll((els) => els.map((e) => e.value));
    assert.deepEqual(checked.sort(), [...chosen.chosen].sort());
    assert.equal(await page.getAttribute('#save-status', 'data-state'), 'saved');
  }
});

test('after a gateway restart the page reconnects by itself and saves the next answer', async () => {
  const welcomes = Number(await page.getAttribute('body', 'data-welcomes'));
  const deadline = await page.getAttribute('#entry-countdown', 'data-deadline');
  await stack.restartGateway();
  await page.waitForFunction((n) => Number(document.body.dataset.synced) > n, welcomes, { timeout: 15000 });
  assert.equal(await page.getAttribute('#connection', 'data-state'), 'online');
  assert.equal(await page.getAttribute('#entry', 'data-attempt'), secondAttempt);
  assert.equal(await page.getAttribute('#entry-countdown', 'data-deadline'), deadline);

  await page.click('#question-nav button[data-index="2"]');
  await answer(page, true);
  assert.equal(await text(page, '#answered-count'), 'Đã trả lời 3/5');

  // Two left unanswered: the confirmation says so. The score proves the
  // answers chosen before the reload and after the restart were stored.
  await page.click('#submit-entry');
  await page.locator('#confirm-submit[open]').waitFor();
  assert.equal(await text(page, '#confirm-unanswered'), 'Bạn còn 2 câu chưa trả lời (trên tổng số 5 câu).');
  assert.equal(await text(page, '#confirm-no-prediction'), 'Bạn chưa nhập câu dự đoán.');
  await page.click('#confirm-submit-ok');
  await page.locator(`[data-testid="result"][data-attempt="${secondAttempt}"]`).waitFor();
  assert.equal(submitted.at(-1).score, 2);
  assert.equal(await text(page, '[data-testid="result-score"]'), '2/5');
  assert.equal(await text(page, '[data-testid="result-attempts-left"]'), '0');
  assert.equal(await page.getAttribute('[data-testid="result-best"]', 'data-best'), 'false');
  assert.equal(await text(page, '[data-testid="result-best"]'), 'Bài tốt hơn trước đó của bạn vẫn là bài được tính.');
  assert.equal(await page.locator('#start-another').count(), 0);
});

test('when time runs out the entry is submitted automatically and its result shown', async () => {
  const closesAt = isoFromNow(25 / 60);
  await stack.createContest({
    id: 'thu-nhanh', title: 'Kỳ thi nhanh', categories: CONTEST.categories, units: CONTEST.units,
    rounds: [{ id: 'nhanh', title: 'Vòng nhanh', opens_at: isoFromNow(-1), closes_at: closesAt,
      bank: SMALL_BANK.id, draw: { count: 2 }, time_limit_s: 60 },
    { id: 'tiep', title: 'Vòng tiếp', opens_at: closesAt, closes_at: isoFromNow(30),
      bank: SMALL_BANK.id, draw: { count: 2 }, time_limit_s: 60 }],
  });
  // This phone's clock is an hour fast: the countdown still follows the server.
  const p = await open('phone', '/?contest=thu-nhanh', () => {
    const realNow = Date.now;
    Date.now = () => realNow() + 3600000;
  });
  await p.locator('#reg-name').waitFor();
  await register(p, BINH);
  await p.click('button[data-action="start"][data-round="nhanh"]');
  await waitForEntry(p);
  // The deadline is the round's close, by the server's clock.
  assert.equal(Number(await p.getAttribute('#entry-countdown', 'data-deadline')), Date.parse(closesAt));
  const left = Number(await p.getAttribute('#entry-countdown', 'data-left'));
  const expected = Math.ceil((Date.parse(closesAt) - Date.now()) / 1000);
  assert.ok(Math.abs(left - expected) <= 2, `${left} s left on the page, ${expected} s by the server`);
  assert.match(await text(p, '#entry-countdown'), /^00:[0-2]\d$/);
  await p.locator('#time-warning[data-warning="entry.warn1"]').waitFor();
  assert.equal(await text(p, '#time-warning'), 'Chỉ còn 1 phút! Bài thi sẽ được nộp tự động khi hết giờ.');
  assert.equal(await p.getAttribute('#time-warning', 'role'), 'alert');
  // Both right, the one with two right answers among them.
  await answer(p, true);
  await p.click('#next-question');
  await answer(p, true);
  assert.equal(await text(p, '#answered-count'), 'Đã trả lời 2/2');

  const result = p.locator('[data-testid="result"]');
  await result.waitFor({ timeout: 30000 });
  assert.equal(await result.getAttribute('data-status'), 'expired');
  assert.equal(await text(p, '[data-testid="auto-submitted"]'),
    'Hết giờ: bài thi đã được nộp tự động với các câu trả lời đã lưu.');
  assert.equal(await text(p, '[data-testid="result-score"]'), '2/2');
  assert.equal(await text(p, '[data-testid="result-attempts-left"]'), '0');
  // The same moment the next round opens: the list follows without a reload.
  await p.locator('[data-testid="round-card"][data-round="nhanh"][data-status="closed"]').waitFor();
  await p.locator('[data-testid="round-card"][data-round="tiep"][data-status="open"]').waitFor();
  assert.equal(await text(p, '[data-round="tiep"] [data-testid="round-status"]'), 'Đang mở');
  assert.equal(await text(p, '[data-round="tiep"] button[data-action="start"]'), 'Bắt đầu làm bài');
  await p.context().close();
});

test('a contest with a join code asks for it first and refuses a wrong one at its field', async () => {
  await stack.createContest({
    id: 'co-ma', title: 'Cuộc thi có mã tham gia', join_code: 'CCHC-2026', categories: CONTEST.categories,
    units: CONTEST.units,
    rounds: [{ id: 'ky-1', title: 'Kỳ 1', opens_at: isoFromNow(-1), closes_at: isoFromNow(30),
      bank: SMALL_BANK.id, draw: { count: 2 }, time_limit_s: 60 }],
  });
  const p = await open('phone', '/?contest=co-ma');
  await p.locator('#reg-join_code').waitFor();
  assert.equal(await p.evaluate(() => document.querySelector('#register-form input, #register-form select').id),
    'reg-join_code', 'the code comes first');
  assert.equal(await text(p, 'label[for="reg-join_code"]'), 'Mã tham gia cuộc thi *');
  await p.fill('#reg-join_code', 'CCHC-2025');
  await sendRegistration(p, BINH);
  await p.locator('#reg-join_code[aria-invalid="true"]').waitFor();
  assert.equal(await text(p, '#reg-join_code-error'), 'Mã tham gia chưa đúng. Hãy hỏi đơn vị hoặc Ban tổ chức.');
  assert.equal(await p.evaluate(() => document.activeElement.id), 'reg-join_code');
  await shots(p, 'register-join-code');
  // Case and spaces do not matter.
  await p.fill('#reg-join_code', ' cchc-2026 ');
  await register(p, BINH);
  assert.equal(await text(p, '[data-testid="participant-name"]'), BINH.name);
  await p.context().close();
});

test('the prediction is saved on the server as it is typed, comes back after a reload and counts', async () => {
  await stack.createContest({
    id: 'thu-du-doan', title: 'Kỳ thi có câu dự đoán', categories: CONTEST.categories, units: CONTEST.units,
    rounds: [{ id: 'du-doan', title: 'Vòng dự đoán', opens_at: isoFromNow(-1), closes_at: isoFromNow(30),
      bank: SMALL_BANK.id, draw: { count: 2 }, time_limit_s: 600,
      prediction: { prompt: 'Dự đoán có bao nhiêu người dự thi?', target: 'entrants' } }],
  });
  // The socket is opened as the page loads: listen before it does.
  const p = await newPage(browser, 'phone');
  pages.push(p);
  const sent = [];   // the `prediction` requests the page sent
  const saved = [];  // the server's `prediction.saved` replies
  p.on('websocket', (socket) => {
    const read = (list, type, pick) => (frame) => {
      try {
        const msg = JSON.parse(frame.payload);
        if (msg.type === type) list.push(pick(msg));
      } catch { /* not ours */ }
    };
    socket.on('framesent', read(sent, 'prediction', (m) => m.prediction));
    socket.on('framereceived', read(saved, 'prediction.saved', (m) => ({ attempt: m.attempt, prediction: m.prediction })));
  });
  await p.goto(stack.url('/?contest=thu-du-doan'));
  await p.locator('#reg-name').waitFor();
  await register(p, HOA);
  await p.click('button[data-action="start"][data-round="du-doan"]');
  await waitForEntry(p);
  const attempt = await p.getAttribute('#entry', 'data-attempt');
  assert.equal(await p.inputValue('#prediction'), '');
  assert.equal(await p.getAttribute('#prediction-status', 'data-state'), 'none');
  assert.equal(await p.getAttribute('#prediction-status', 'aria-live'), 'polite');

  // Text that is no whole number is said to be so, and never sent.
  await p.fill('#prediction', '12 người');
  await p.locator('#prediction[aria-invalid="true"]').waitFor();
  assert.equal(await text(p, '#prediction-error'), 'Dự đoán phải là một số nguyên từ 0 đến 1.000.000.000.');
  assert.equal(await p.getAttribute('#prediction-status', 'data-state'), 'none');

  // A number, dotted as Vietnamese write it, is saved once typing pauses.
  await p.fill('#prediction', '1.234.567');
  await p.locator('#prediction-status[data-state="saved"]').waitFor();
  assert.equal(await text(p, '#prediction-status'), 'Đã lưu dự đoán.');
  assert.equal(await p.getAttribute('#prediction', 'aria-invalid'), null);
  assert.equal(await text(p, '#prediction-error'), '');
  assert.deepEqual(sent, [1234567]);
  assert.deepEqual(saved, [{ attempt, prediction: 1234567 }]);

  await answer(p, true);
  await p.click('#next-question');
  await answer(p, true);

  // The device forgets all it kept but the login: the number shown after the
  // reload is the server's (written plainly, as it was stored).
  await p.evaluate(() => {
    const keep = Object.entries(localStorage).filter(([name]) => name.startsWith('rq.contestant.token.'));
    localStorage.clear();
    for (const [name, value] of keep) localStorage.setItem(name, value);
  });
  await p.reload();
  await waitForEntry(p);
  assert.equal(await p.getAttribute('#entry', 'data-attempt'), attempt);
  assert.equal(await p.inputValue('#prediction'), '1234567');
  assert.equal(await p.getAttribute('#prediction-status', 'data-state'), 'saved');
  assert.equal(await text(p, '#answered-count'), 'Đã trả lời 2/2');

  await p.click('#submit-entry');
  await p.locator('#confirm-submit[open]').waitFor();
  assert.equal(await text(p, '#confirm-unanswered'), 'Bạn đã trả lời tất cả 2 câu.');
  assert.equal(await p.locator('#confirm-no-prediction').count(), 0);
  await p.click('#confirm-submit-ok');
  await p.locator(`[data-testid="result"][data-attempt="${attempt}"]`).waitFor();
  assert.equal(await text(p, '[data-testid="result-score"]'), '2/2');
  assert.equal(await text(p, '[data-testid="result-prediction"]'), '1.234.567');
  // Neither the text that was no number nor the reload sent another.
  assert.deepEqual(sent, [1234567]);
  assert.deepEqual(saved, [{ attempt, prediction: 1234567 }]);
  await p.context().close();
});

test('logging in on another device shows the same participant; logging out forgets the token', async () => {
  const other = await open('desktop', `/?contest=${CONTEST.id}`);
  await other.click('#tab-login');
  await other.fill('#login-phone', '0912 345 679');
  await other.fill('#login-password', HOA.password);
  await other.click('#login-submit');
  await other.locator('#login-error:not(:empty)').waitFor();
  assert.equal(await text(other, '#login-error'), 'Số điện thoại hoặc mật khẩu không đúng.');

  // Any spelling of the phone.
  await other.fill('#login-phone', '091.234.5678');
  await other.fill('#login-password', HOA.password);
  await other.click('#login-submit');
  await other.locator('[data-testid="participant-name"]').waitFor();
  assert.equal(await text(other, '[data-testid="participant-name"]'), HOA.name);
  // The standing per round (the `entries` message): both attempts used.
  assert.equal(await text(other, '[data-round="ky-1"] [data-testid="round-standing"]'),
    'Đã làm 2/2 lượt · Bài được tính: 3/5 điểm');
  assert.equal(await text(other, '[data-round="ky-1"] .hint'), 'Bạn đã dùng hết lượt thi của kỳ này.');

  await other.reload();
  await other.locator('[data-testid="participant-name"]').waitFor();
  await other.click('#logout');
  await other.locator('#login-form').waitFor();
  assert.equal(await other.evaluate((c) => localStorage.getItem(`rq.contestant.token.${c}`), CONTEST.id), null);
  await other.reload();
  await other.locator('#register-form, #login-form').first().waitFor();
  assert.equal(await other.locator('[data-testid="hello"]').count(), 0);
  await other.context().close();
});

test('results published by the organiser appear on the open page without a reload', async () => {
  const token = await adminLogin();
  const base = `/api/admin/contests/${CONTEST.id}/rounds/ky-1`;
  assert.equal((await adminPost(token, `${base}/close`)).status, 200);
  await page.locator('[data-testid="round-card"][data-round="ky-1"][data-status="closed"]').waitFor();
  assert.equal(await text(page, '[data-round="ky-1"] [data-testid="round-status"]'), 'Đã đóng');

  let finalized;
  for (let i = 0; i < 50; i += 1) {
    finalized = await adminPost(token, `${base}/finalize`);
    if (finalized.status !== 503) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(finalized.status, 200);
  assert.equal((await adminPost(token, `${base}/publish`)).status, 200);

  const block = page.locator('[data-testid="round-results"][data-round="ky-1"]');
  await block.waitFor();
  await block.locator('[data-testid="results-you"]').waitFor();
  assert.equal(await text(page, '[data-testid="results-you-score"]'), '3/5 điểm');
  assert.equal(await text(page, '[data-testid="results-you-rank"]'), 'Hạng 1');
  assert.equal(await text(page, '[data-testid="results-you-prize"]'), 'Đạt Giải Nhất');
  assert.match(await block.locator('h4').innerText(), /^Kết quả Kỳ 1 đã được công bố$/);
  const published = await (await fetch(stack.url(`/api/contests/${CONTEST.id}/rounds/ky-1/results`))).json();
  assert.equal(published.winners.length, 1);
  const row = block.locator('.winners tbody tr');
  assert.equal(await row.count(), 1);
  const cells = await row.locator('td').allInnerTexts();
  assert.equal(cells[0], 'Giải Nhất');
  assert.match(cells[1], new RegExp(`^${HOA.name}\\nSở Nội vụ$`));
  assert.match(cells[2], /^3\/5\n/);
  assert.equal(cells[3], published.winners[0].phone);
  assert.equal(cells[3], '091****678');
  assert.equal(await block.locator('h6').innerText(), 'Cán bộ, công chức, viên chức');
  const facts = await block.locator('dl.facts dd').allInnerTexts();
  assert.deepEqual(facts.slice(0, 2), ['2', '1'], 'two entries by one contestant');
  assert.equal(await block.locator('[data-testid="results-link"]').getAttribute('href'),
    `/results/?contest=${CONTEST.id}&round=ky-1`);
  await shots(page, 'published-results');
});

test('the page switches to English', async () => {
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await text(page, '#lang-switch'), 'VI');
  assert.equal(await text(page, '#rounds-heading'), 'Rounds');
  assert.equal(await text(page, '#logout'), 'Log out');
  assert.equal(await text(page, '[data-round="ky-1"] [data-testid="round-status"]'), 'Closed');
  assert.equal(await text(page, '[data-round="ky-2"] [data-testid="round-status"]'), 'Upcoming');
  assert.match(await text(page, '[data-round="ky-2"] [data-testid="round-countdown"]'), /^Opens in \d{2}:\d{2}$/);
  assert.equal(await text(page, '[data-round="ky-2"] .round-facts'), '5 questions · 10 min per attempt · 1 attempt');
  assert.equal(await text(page, '[data-testid="round-results"] h4'), 'Results of Kỳ 1 are published');
  assert.equal(await text(page, '[data-testid="results-you-score"]'), '3/5 points');
  assert.equal(await text(page, '#result-heading'), 'Your result');
  // The choice stays after a reload.
  await page.reload();
  await page.locator('[data-testid="participant-name"]').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.match(await text(page, '[data-testid="hello"]'), /^Hello, Nguyễn Thị Hoa/);
  assert.equal(await text(page, '#change-contest'), 'Choose another contest');
  await shots(page, 'english');
});
