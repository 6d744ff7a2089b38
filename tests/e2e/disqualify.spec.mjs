// Disqualification from the dashboard, end to end (issue 12, CONTEST_RULES.md
// "Fairness"): four contestants enter a round with known scores (one of them
// twice), the organiser closes and finalizes it, then disqualifies the
// winner (someone sat the test for him) and sees the next person move up,
// disqualifies one entry of another and sees her other entry count, is
// refused without a reason, reinstates both, sees a draft marked stale after
// a change made elsewhere, and publishes. A viewer of the contest sees the
// reasons but is offered no change.
//
//   cd tests/e2e && REFORMQUIZ_BUILD_DIR=/path/to/build node --test disqualify.spec.mjs

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { startStack, launchBrowser, newPage, screenshot, isoFromNow, VIEWPORTS, SOURCE_DIR, waitText } from './support/stack.mjs';
import { rightTexts, choicesFor } from './support/answers.mjs';
import { enterRound } from './support/entries.mjs';

const BANK_FILE = path.join(SOURCE_DIR, 'question_banks/cchc-2021-2030.vi.json');
const key = rightTexts(JSON.parse(readFileSync(BANK_FILE, 'utf8')));
const QUESTIONS = 5;
const CONTEST = 'loai-thu';
const ROUND = 'ky-1';
const USER = 'bantochuc';
const PASSWORD = 'mật-khẩu-thử-1';

const CONFIG = {
  id: CONTEST,
  title: 'Cuộc thi thử loại bài thi',
  categories: [{ id: 'cbccvc', name: 'Cán bộ, công chức, viên chức' }],
  units: [
    { id: 'so-noi-vu', name: 'Sở Nội vụ', headcount: 10 },
    { id: 'so-tu-phap', name: 'Sở Tư pháp', headcount: 8 },
  ],
  rounds: [{
    id: ROUND, title: 'Kỳ 1', opens_at: isoFromNow(-1), closes_at: isoFromNow(60),
    bank: 'cchc-2021-2030', draw: { count: QUESTIONS }, time_limit_s: 300, attempts: 2, counted_attempt: 'best',
    prizes: [{ category: 'cbccvc', tiers: [{ name: 'Giải Nhất', count: 1 }, { name: 'Giải Nhì', count: 1 }] }],
  }],
};

// Bình enters twice (4 then 2 right): her best entry counts.
const PEOPLE = [
  { name: 'Nguyễn Văn An', phone: '0901234561', unit: 'so-noi-vu', category: 'cbccvc', right: 5 },
  { name: 'Trần Thị Bình', phone: '0912345672', unit: 'so-tu-phap', category: 'cbccvc', right: [4, 2] },
  { name: 'Lê Văn Cường', phone: '0933456783', unit: 'so-noi-vu', category: 'cbccvc', right: 3 },
  { name: 'Phạm Thị Dung', phone: '0944567894', unit: 'so-tu-phap', category: 'cbccvc', right: 1 },
];
const [AN, BINH, CUONG, DUNG] = PEOPLE.map((p) => p.name);
const THI_HO = 'Thi hộ: người khác làm bài thay';
const TRUNG = 'Bài làm trùng đáp án với một bài khác';

let stack;
let browser;
let page;
let token; // the organiser's, for what node checks over the API

before(async () => {
  stack = await startStack();
  await stack.importBank(BANK_FILE, 'cchc-2021-2030');
  await stack.createContest(CONFIG);
  await stack.addOrganiser(USER, PASSWORD);
  await stack.cli(['admin', 'add', 'lanh-dao', '--role', 'viewer', '--contest', CONTEST], 'mat-khau-lanh-dao\n');
  browser = await launchBrowser();
  page = await newPage(browser, 'desktop');
  token = (await api('POST', '/api/admin/login', { username: USER, password: PASSWORD })).body.token;
});

afterEach(() => {
  assert.deepEqual(page.errors.map(String), [], 'no page errors on the dashboard');
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

async function api(method, p, body) {
  const res = await fetch(stack.url(p), {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const round = () => page.locator(`[data-testid="contest-${CONTEST}"] [data-testid="round-${ROUND}"]`);
const inRound = (id) => round().locator(`[data-testid="${id}"]`);
const rowOf = (name) => round().locator('[data-testid="ranking-row"]').filter({ has: page.locator(`[data-col="name"]:text-is("${name}")`) });
const dialog = () => page.locator('[data-testid="disqualify-dialog"]');

// The ranking as shown: [rank, name, score, disqualified reason, prize].
function rows() {
  return round().locator('[data-testid="ranking-table"] [data-testid="ranking-row"]').evaluateAll((trs) => trs.map((tr) => {
    const cell = (col) => tr.querySelector(`[data-col="${col}"]`).textContent.trim();
    return [cell('rank'), cell('name'), cell('score'), cell('disqualified'), cell('prize')];
  }));
}

function winners() {
  return round().locator('[data-testid="winners-cbccvc"] [data-testid="winner-row"]').evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].slice(0, 2).map((td) => td.textContent.trim())));
}

// Each change re-finalizes; its line says so once the new draft is drawn.
async function reviewSays(expected) {
  await waitText(inRound('review-msg'), expected);
}

async function shots(name) {
  await page.setViewportSize(VIEWPORTS.phone);
  await screenshot(page, `admin-${name}-phone`);
  await page.setViewportSize(VIEWPORTS.desktop);
  await screenshot(page, `admin-${name}-desktop`);
}

test('contestants enter with known scores', async () => {
  const driver = await newPage(browser, 'desktop');
  await driver.exposeFunction('choicesFor', (question, right) => choicesFor(question, key, right));
  await driver.goto(stack.url('/healthz'));
  const results = await enterRound(driver, PEOPLE, { contest: CONTEST, round: ROUND });
  assert.deepEqual(results.map((r) => [r.name, r.score, r.status]),
    [[AN, 5, 'submitted'], [BINH, 4, 'submitted'], [BINH, 2, 'submitted'], [CUONG, 3, 'submitted'], [DUNG, 1, 'submitted']]);
  await driver.close();
});

test('the organiser closes the round and finalizes the draft', async () => {
  await page.goto(stack.url(`/admin/#contests/${CONTEST}`));
  await page.locator('[data-testid="login-username"]').fill(USER);
  await page.locator('[data-testid="login-password"]').fill(PASSWORD);
  await page.locator('[data-testid="login-submit"]').click();
  await page.waitForFunction((id) => document.querySelector(`[data-testid="contest-${id}"]`)?.open === true, CONTEST);
  await inRound('round-close').click();
  await page.locator('[data-testid="confirm-ok"]').click();
  await waitText(inRound('round-state'), 'Đã đóng');
  await inRound('round-finalize').click();
  await inRound('ranking-row').first().waitFor();
  assert.deepEqual(await rows(), [
    ['1', AN, '5/5', '', 'Giải Nhất'],
    ['2', BINH, '4/5', '', 'Giải Nhì'],
    ['3', CUONG, '3/5', '', ''],
    ['4', DUNG, '1/5', '', ''],
  ]);
  // Every line offers the disqualification; nothing is disqualified yet.
  assert.equal(await inRound('disqualify-button').count(), 4);
  assert.equal(await inRound('lift-button').count(), 0);
  assert.equal(await inRound('disqualified-entries').count(), 0);
  assert.equal(await inRound('draft-stale').count(), 0);
});

test('without a reason the disqualification is refused at the field and nothing changes', async () => {
  await rowOf(AN).locator('[data-testid="disqualify-button"]').click();
  await dialog().waitFor();
  assert.equal((await dialog().locator('h2').textContent()).trim(), `Loại “${AN}”`);
  assert.equal(await dialog().locator('[data-testid="disqualify-kind-person"]').isChecked(), true);
  await dialog().locator('[data-testid="disqualify-ok"]').click();
  const error = dialog().locator('[data-testid="field-error"]');
  await waitText(error, 'Hãy ghi lý do (tối đa 500 ký tự).');
  assert.equal(await dialog().locator('[data-testid="disqualify-reason"]').getAttribute('aria-invalid'), 'true');
  assert.equal(await dialog().isVisible(), true);
  await shots('disqualify-dialog-error');
  await dialog().locator('[data-testid="disqualify-cancel"]').click();
  await dialog().waitFor({ state: 'detached' });
  const list = await api('GET', `/api/admin/contests/${CONTEST}/disqualifications`);
  assert.equal(list.status, 200);
  assert.deepEqual(list.body, { disqualifications: [], latest_change: 0 });
  assert.equal((await inRound('review-msg').textContent()).trim(), '');
});

test('disqualifying the winner moves the next person up, with the reason on his line', async () => {
  await rowOf(AN).locator('[data-testid="disqualify-button"]').click();
  await dialog().locator('[data-testid="disqualify-reason"]').fill(THI_HO);
  await shots('disqualify-dialog');
  await dialog().locator('[data-testid="disqualify-ok"]').click();
  await reviewSays(`Đã loại ${AN} và chốt lại kết quả.`);
  assert.equal(await dialog().count(), 0);
  assert.deepEqual(await rows(), [
    ['1', AN, '5/5', THI_HO, ''],
    ['2', BINH, '4/5', '', 'Giải Nhất'],
    ['3', CUONG, '3/5', '', 'Giải Nhì'],
    ['4', DUNG, '1/5', '', ''],
  ]);
  assert.deepEqual(await winners(), [['Giải Nhất', BINH], ['Giải Nhì', CUONG]]);
  assert.equal(await rowOf(AN).locator('[data-testid="lift-button"]').count(), 1);
  assert.equal(await rowOf(AN).locator('[data-testid="disqualify-button"]').count(), 0);
  // The record names the organiser who made it (the audit event too).
  const { body } = await api('GET', `/api/admin/contests/${CONTEST}/disqualifications`);
  assert.equal(body.disqualifications.length, 1);
  const [record] = body.disqualifications;
  assert.deepEqual([record.kind, record.reason, record.by, record.in_force, record.round],
    ['person', THI_HO, USER, true, null]);
  assert.equal(record.target, await rowOf(AN).getAttribute('data-participant'));
  await round().locator('[data-testid="draft"]').scrollIntoViewIfNeeded();
  await shots('disqualified-draft');
});

test('disqualifying one entry counts the person\'s other entry instead', async () => {
  const best = await rowOf(BINH).getAttribute('data-attempt');
  await rowOf(BINH).locator('[data-testid="disqualify-button"]').click();
  await dialog().locator('[data-testid="disqualify-kind-entry"]').check();
  await dialog().locator('[data-testid="disqualify-reason"]').fill(TRUNG);
  await dialog().locator('[data-testid="disqualify-ok"]').click();
  await reviewSays(`Đã loại bài thi của ${BINH} và chốt lại kết quả.`);
  assert.deepEqual(await rows(), [
    ['1', AN, '5/5', THI_HO, ''],
    ['2', CUONG, '3/5', '', 'Giải Nhất'],
    ['3', BINH, '2/5', '', 'Giải Nhì'],
    ['4', DUNG, '1/5', '', ''],
  ]);
  assert.notEqual(await rowOf(BINH).getAttribute('data-attempt'), best);
  const dropped = inRound('disqualified-entries').locator('[data-testid="disqualified-entry"]');
  assert.equal(await dropped.count(), 1);
  assert.equal(await dropped.getAttribute('data-attempt'), best);
  assert.deepEqual(await dropped.locator('td').evaluateAll((tds) => tds.slice(0, 4).map((td) => td.textContent.trim())),
    [BINH, best, '4/5', TRUNG]);
  await inRound('disqualified-entries').scrollIntoViewIfNeeded();
  await shots('disqualified-entries');
});

test('reinstating the person and the entry puts the ranking back as it was', async () => {
  await rowOf(AN).locator('[data-testid="lift-button"]').click();
  assert.equal((await page.locator('#confirm-title').textContent()).trim(), `Bỏ loại “${AN}”?`);
  await page.locator('[data-testid="confirm-ok"]').click();
  await reviewSays(`Đã bỏ loại ${AN} và chốt lại kết quả.`);
  assert.deepEqual((await rows()).map((r) => [r[1], r[4]]), [[AN, 'Giải Nhất'], [CUONG, 'Giải Nhì'], [BINH, ''], [DUNG, '']]);

  await inRound('disqualified-entries').locator('[data-testid="lift-button"]').click();
  assert.equal((await page.locator('#confirm-title').textContent()).trim(), `Bỏ loại bài thi của “${BINH}”?`);
  await page.locator('[data-testid="confirm-ok"]').click();
  await reviewSays(`Đã bỏ loại bài thi của ${BINH} và chốt lại kết quả.`);
  assert.deepEqual(await rows(), [
    ['1', AN, '5/5', '', 'Giải Nhất'],
    ['2', BINH, '4/5', '', 'Giải Nhì'],
    ['3', CUONG, '3/5', '', ''],
    ['4', DUNG, '1/5', '', ''],
  ]);
  assert.equal(await inRound('disqualified-entries').count(), 0);
  // Lifted records stay, stamped, for the audit.
  const { body } = await api('GET', `/api/admin/contests/${CONTEST}/disqualifications`);
  assert.deepEqual(body.disqualifications.map((r) => [r.kind, r.in_force, r.lifted_by]), [['person', false, USER], ['entry', false, USER]]);
});

test('a draft shown after a change made elsewhere says it is stale until finalized again', async () => {
  const dung = await rowOf(DUNG).getAttribute('data-participant');
  const made = await api('POST', `/api/admin/contests/${CONTEST}/disqualifications`, { kind: 'person', target: dung, reason: 'Khai sai đơn vị' });
  assert.equal(made.status, 201);
  await inRound('round-view').click();
  await waitText(inRound('draft-stale'),
    'Danh sách bị loại đã thay đổi sau khi bản nháp này được tính: bấm “Chốt kết quả” để tính lại trước khi công bố.');
  assert.equal((await rowOf(DUNG).locator('[data-col="disqualified"]').textContent()).trim(), '');
  await round().locator('[data-testid="draft"]').scrollIntoViewIfNeeded();
  await shots('draft-stale');
  await inRound('round-finalize').click();
  await inRound('draft-stale').waitFor({ state: 'detached' });
  await waitText(rowOf(DUNG).locator('[data-col="disqualified"]'), 'Khai sai đơn vị');
});

test('a viewer sees the reasons but is offered no change', async () => {
  const viewer = await newPage(browser, 'desktop');
  const inViewer = (id) => viewer.locator(`[data-testid="${id}"]`);
  await viewer.goto(stack.url(`/admin/#contests/${CONTEST}`));
  await inViewer('login-username').fill('lanh-dao');
  await inViewer('login-password').fill('mat-khau-lanh-dao');
  await inViewer('login-submit').click();
  const vround = viewer.locator(`[data-testid="contest-${CONTEST}"] [data-testid="round-${ROUND}"]`);
  await vround.locator('[data-testid="round-view"]').click();
  await vround.locator('[data-testid="ranking-row"]').first().waitFor();
  const reasons = await vround.locator('[data-testid="ranking-row"] [data-col="disqualified"]').allTextContents();
  assert.deepEqual(reasons.map((r) => r.trim()), ['', '', '', 'Khai sai đơn vị']);
  assert.equal(await vround.locator('[data-testid="disqualify-button"]').count(), 0);
  assert.equal(await vround.locator('[data-testid="lift-button"]').count(), 0);
  assert.equal(await vround.locator('[data-col="review"]').count(), 0);
  assert.deepEqual(viewer.errors.map(String), []);
  await viewer.context().close();
});

test('once published, no line can be changed from the dashboard', async () => {
  await inRound('round-publish').click();
  await page.locator('[data-testid="confirm-ok"]').click();
  await inRound('published-results').waitFor();
  assert.equal(await inRound('disqualify-button').count(), 0);
  assert.equal(await inRound('lift-button').count(), 0);
  assert.equal((await rowOf(DUNG).locator('[data-col="disqualified"]').textContent()).trim(), 'Khai sai đơn vị');
});
