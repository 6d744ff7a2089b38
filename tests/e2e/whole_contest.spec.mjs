// A whole contest run by people who have only a browser: an organiser on a
// desktop in English (/admin/) and a contestant on a phone in Vietnamese (/).
// Nothing is set up behind their backs but the organiser's account (made
// with the CLI, as an operator would): the organiser uploads the bank,
// creates the contest, watches the contestant enter, closes, finalizes and
// publishes; the contestant's page, open all along, shows the result without
// a reload; the public results page and the ceremony show the winner.
//
//   cd tests/e2e && REFORMQUIZ_BUILD_DIR=/path/to/build node --test whole_contest.spec.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startStack, launchBrowser, newPage, screenshot, readJson, SOURCE_DIR } from './support/stack.mjs';
import { register } from './support/contestant-page.mjs';
import { rightTexts, chooseOnPage } from './support/answers.mjs';

const BANK_FILE = path.join(SOURCE_DIR, 'question_banks/reform-demo.en.json');
const bank = readJson(BANK_FILE);
// The right options by their texts: the page shows ids of the attempt's own.
const key = rightTexts(bank);
const ORGANISER = { username: 'so-noi-vu', password: 'một-mật-khẩu-dài' };
const PERSON = { name: 'Lê Thị Thu Hà', phone: '0935 123 456', birth: '1985-09-02', unit: 'ubnd-xa-binh-an',
  category: 'nhan-dan', password: 'mat-khau-ha-1' };

// In Vietnam time (the form's datetime-local is read as +07:00).
const vnIso = (minutes) => new Date(Date.now() + minutes * 60000 + 7 * 3600000).toISOString().slice(0, 19) + '+07:00';

const CONTEST = {
  id: 'cchc-binh-an',
  title: 'Tìm hiểu cải cách hành chính xã Bình An',
  categories: [{ id: 'nhan-dan', name: 'Nhân dân' }],
  units: [{ id: 'ubnd-xa-binh-an', name: 'UBND xã Bình An', block: 'xa-phuong', headcount: 30 }],
  blocks: [{ id: 'xa-phuong', name: 'Xã, phường, thị trấn' }],
  rounds: [{
    id: 'dot-1', title: 'Đợt 1', opens_at: vnIso(-1), closes_at: vnIso(30), bank: 'reform-demo',
    draw: { count: 4 }, time_limit_s: 300, attempts: 1,
    prediction: { prompt: 'Bao nhiêu bài thi đúng tất cả các câu?', target: 'perfect_entries' },
    prizes: [{ category: 'nhan-dan', tiers: [{ name: 'Giải Nhất', count: 1 }] }],
  }],
};

let stack;
let browser;
let admin;   // the organiser's desktop page
let phone;   // the contestant's phone page, never reloaded after the entry starts

before(async () => {
  stack = await startStack();
  await stack.addOrganiser(ORGANISER.username, ORGANISER.password);
  browser = await launchBrowser();
  admin = await newPage(browser, 'desktop');
  phone = await newPage(browser, 'phone');
});

after(async () => {
  for (const p of [admin, phone]) assert.deepEqual(p?.errors.map(String) ?? [], [], 'no page errors');
  await browser?.close();
  await stack?.stop();
});

const inAdmin = (id) => admin.locator(`[data-testid="${id}"]`);

async function waitText(locator, expected) {
  const deadline = Date.now() + 10000;
  await locator.waitFor();
  for (;;) {
    const actual = (await locator.innerText()).trim();
    if (actual === expected) return;
    if (Date.now() > deadline) assert.equal(actual, expected);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('the organiser logs in, in English, uploads the bank and creates the contest from pasted JSON', async () => {
  await admin.goto(stack.url('/admin/'));
  await inAdmin('lang').click();
  await inAdmin('login-username').fill(ORGANISER.username);
  await inAdmin('login-password').fill(ORGANISER.password);
  await inAdmin('login-submit').click();
  await waitText(inAdmin('whoami'), ORGANISER.username);
  await waitText(inAdmin('nav-banks'), 'Question banks');

  await inAdmin('bank-file').setInputFiles(BANK_FILE);
  await admin.waitForFunction(() => document.querySelector('[data-testid="bank-id"]').value === 'reform-demo');
  await inAdmin('bank-submit').click();
  await waitText(inAdmin('stored-questions'), String(bank.questions.length));
  await inAdmin('bank-reform-demo').waitFor();

  await inAdmin('nav-new-contest').click();
  await inAdmin('contest-mode-json').check();
  await inAdmin('contest-json').fill(JSON.stringify(CONTEST, null, 2));
  await inAdmin('contest-submit').click();
  await inAdmin('contest-created').waitFor();
  assert.match(await inAdmin('contest-created').innerText(), new RegExp(CONTEST.title));
});

test('the contestant registers on a phone, in Vietnamese, answers every question and submits', async () => {
  await phone.goto(stack.url(`/?contest=${CONTEST.id}`));
  await register(phone, PERSON);
  await waitText(phone.locator('[data-testid="participant-name"]'), PERSON.name);

  await phone.click(`button[data-action="start"][data-round="dot-1"]`);
  await phone.locator('#entry #question').waitFor();
  for (let i = 0; i < 4; i += 1) {
    await chooseOnPage(phone, key, true);
    await phone.locator('#save-status[data-state="saved"]').waitFor();
    if (i < 3) await phone.click('#next-question');
  }
  await phone.fill('#prediction', '1');
  await phone.click('#submit-entry');
  await waitText(phone.locator('#confirm-unanswered'), 'Bạn đã trả lời tất cả 4 câu.');
  await phone.click('#confirm-submit-ok');
  await waitText(phone.locator('[data-testid="result-score"]'), '4/4');
  await waitText(phone.locator('[data-testid="result-attempts-left"]'), '0');
  await screenshot(phone, 'whole-contest-contestant-result-phone');
});

test('the organiser sees the entry, closes, finalizes and publishes; the open phone page shows the result', async () => {
  await admin.goto(stack.url(`/admin/#contests/${CONTEST.id}`));
  const round = inAdmin(`contest-${CONTEST.id}`).locator('[data-testid="round-dot-1"]');
  await waitText(round.locator('[data-testid="count-registered"]'), '1');
  await waitText(round.locator('[data-testid="count-submitted"]'), '1');
  await waitText(round.locator('[data-testid="count-running"]'), '0');

  await round.locator('[data-testid="round-close"]').click();
  await inAdmin('confirm-ok').click();
  await waitText(round.locator('[data-testid="round-state"]'), 'Closed');
  await round.locator('[data-testid="round-finalize"]').click();
  const row = round.locator('[data-testid="ranking-table"] [data-testid="ranking-row"]');
  await row.first().waitFor();
  assert.equal(await row.count(), 1);
  assert.equal((await row.locator('[data-col="name"]').innerText()).trim(), PERSON.name);
  assert.equal((await row.locator('[data-col="score"]').innerText()).trim(), '4/4');
  assert.equal((await row.locator('[data-col="prize"]').innerText()).trim(), 'Giải Nhất');
  await round.locator('[data-testid="round-publish"]').click();
  await inAdmin('confirm-ok').click();
  await round.locator('[data-testid="round-published"]').waitFor();
  await screenshot(admin, 'whole-contest-organiser-published-desktop');

  // The phone page was open since the entry: the result arrives by itself.
  const block = phone.locator('[data-testid="round-results"][data-round="dot-1"]');
  await block.waitFor();
  await waitText(phone.locator('[data-testid="results-you-rank"]'), 'Hạng 1');
  await waitText(phone.locator('[data-testid="results-you-prize"]'), 'Đạt Giải Nhất');
  assert.equal(await phone.evaluate(() => performance.getEntriesByType('navigation').length), 1);
  await screenshot(phone, 'whole-contest-contestant-published-phone');
});

test('the public results and the ceremony show the winner with a masked phone', async () => {
  const results = await newPage(browser, 'desktop');
  await results.goto(stack.url(`/results/?contest=${CONTEST.id}&round=dot-1`));
  await waitText(results.locator('[data-testid="summary-entries"]'), '1');
  await waitText(results.locator('[data-testid="summary-perfect"]'), '1');
  await waitText(results.locator('[data-testid="winner-name"]'), PERSON.name);
  await waitText(results.locator('[data-testid="winner-phone"]'), '093****456');
  // The unit's block by the name the organiser gave it, not its id.
  const unitRow = results.locator('[data-testid="participation-table"] tr[data-key="ubnd-xa-binh-an"] td');
  assert.equal((await unitRow.first().innerText()).trim(), 'Xã, phường, thị trấn');
  assert.ok(!(await results.content()).replace(/\D/g, '').includes('935123456'), 'the full phone is nowhere');

  const ceremony = await newPage(browser, 'desktop', { viewport: { width: 1920, height: 1080 } });
  await ceremony.goto(stack.url(`/results/ceremony.html?contest=${CONTEST.id}&round=dot-1`));
  await waitText(ceremony.locator('[data-testid="ceremony-progress"]'), '0/1');
  await ceremony.keyboard.press('ArrowRight');
  await waitText(ceremony.locator('[data-testid="ceremony-prize"]'), 'Giải Nhất');
  await waitText(ceremony.locator('[data-testid="ceremony-name"]'), PERSON.name);
  await waitText(ceremony.locator('[data-testid="ceremony-progress"]'), '1/1');
  for (const p of [results, ceremony]) assert.deepEqual(p.errors.map(String), []);
});
