// The suspected-duplicates report in the dashboard, end to end (issue 12,
// CONTEST_RULES.md "Fairness"): three people enter a round of three
// questions at machine speed, two of them one person under two phones giving
// the same wrong answer. The organiser checks the round and reads each
// finding with its evidence, changes the settings and sees what they change,
// is told which setting is out of range, downloads the XLSX, and every
// reading is in the audit stream; a person disqualified since is marked.
// Then the question statistics of the same entries, hardest question first.
//
//   cd tests/e2e && REFORMQUIZ_BUILD_DIR=/path/to/build node --test duplicates.spec.mjs

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { startStack, launchBrowser, newPage, screenshot, isoFromNow, redisCli, VIEWPORTS, SOURCE_DIR, waitText } from './support/stack.mjs';
import { rightTexts, choicesFor, normalText } from './support/answers.mjs';
import { enterRound } from './support/entries.mjs';

// A bank of three questions, so every attempt shows the same ones.
const shipped = JSON.parse(readFileSync(path.join(SOURCE_DIR, 'question_banks/cchc-2021-2030.vi.json'), 'utf8'));
const BANK = { ...shipped, id: 'ba-cau', questions: shipped.questions.slice(0, 3) };
const key = rightTexts(BANK);
const CONTEST = 'trung-lap-thu';
const ROUND = 'ky-1';
const USER = 'bantochuc';
const PASSWORD = 'mật-khẩu-thử-1';

const CONFIG = {
  id: CONTEST,
  title: 'Cuộc thi thử nghi vấn trùng lặp',
  categories: [{ id: 'cbccvc', name: 'Cán bộ, công chức, viên chức' }],
  units: [{ id: 'so-noi-vu', name: 'Sở Nội vụ', headcount: 10 }],
  rounds: [{
    id: ROUND, title: 'Kỳ 1', opens_at: isoFromNow(-1), closes_at: isoFromNow(60),
    bank: 'ba-cau', draw: { count: 3 }, time_limit_s: 300,
  }],
};

const AN = 'Nguyễn Văn An';
const AN_AGAIN = 'NGUYỄN VĂN AN'; // the same person, another phone, the same birth date
const BA = 'Trần Thị Ba';
const PEOPLE = [
  { name: AN, phone: '0901234561', unit: 'so-noi-vu', category: 'cbccvc', right: 2 },
  { name: AN_AGAIN, phone: '0901234562', unit: 'so-noi-vu', category: 'cbccvc', right: 2 },
  { name: BA, phone: '0901234563', unit: 'so-noi-vu', category: 'cbccvc', right: 3 },
];

let stack;
let browser;
let page;

before(async () => {
  stack = await startStack();
  const bankFile = path.join(stack.dir, 'ba-cau.json');
  writeFileSync(bankFile, JSON.stringify(BANK));
  await stack.importBank(bankFile, 'ba-cau');
  await stack.createContest(CONFIG);
  await stack.addOrganiser(USER, PASSWORD);
  browser = await launchBrowser();
  page = await newPage(browser, 'desktop');
});

afterEach(() => {
  assert.deepEqual(page.errors.map(String), [], 'no page errors on the dashboard');
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

const panel = () => page.locator(`[data-testid="contest-${CONTEST}"] [data-testid="round-${ROUND}"] [data-testid="duplicates"]`);
const inPanel = (id) => panel().locator(`[data-testid="${id}"]`);
const setting = (name) => inPanel(`dup-setting-${name}`);

// Presses "Kiểm tra" and waits for its outcome line.
async function check(expectedMessage) {
  await inPanel('duplicates-check').click();
  await waitText(inPanel('duplicates-msg'), expectedMessage);
}

// The findings as shown: [kind, evidence, [names, sorted]].
function findings() {
  return panel().locator('[data-testid="duplicate-finding"]').evaluateAll((rows) => rows.map((row) => [
    row.dataset.kind,
    row.querySelector('[data-col="evidence"]').textContent.trim(),
    [...row.querySelectorAll('[data-testid="duplicate-person"] strong')].map((s) => s.textContent).sort(),
  ]));
}

async function auditedReadings() {
  const port = new URL(stack.redisUrl).port;
  const events = await redisCli(port, 'XRANGE', `rq:{${CONTEST}}:events`, '-', '+');
  return events.split('\n').filter((line) => line === 'duplicates').length;
}

test('three people enter at machine speed, two of them alike', async () => {
  const driver = await newPage(browser, 'desktop');
  await driver.exposeFunction('choicesFor', (question, right) => choicesFor(question, key, right));
  await driver.goto(stack.url('/healthz'));
  const results = await enterRound(driver, PEOPLE, { contest: CONTEST, round: ROUND });
  assert.deepEqual(results.map((r) => [r.name, r.score]), [[AN, 2], [AN_AGAIN, 2], [BA, 3]]);
  await driver.close();
});

test('the check lists each finding with its evidence and the people in it', async () => {
  await page.goto(stack.url(`/admin/#contests/${CONTEST}`));
  await page.locator('[data-testid="login-username"]').fill(USER);
  await page.locator('[data-testid="login-password"]').fill(PASSWORD);
  await page.locator('[data-testid="login-submit"]').click();
  await panel().locator('summary').click();
  assert.equal(await setting('min_ms_per_question').inputValue(), '3');
  assert.equal(await setting('address_min_accounts').inputValue(), '5');
  await check('Đã kiểm tra: 5 nghi vấn.');
  assert.deepEqual(await inPanel('duplicates-summary').locator('li').allTextContents(), [
    'Trùng họ tên và ngày sinh: 1', 'Trùng số CCCD: 0', 'Nhiều tài khoản từ một địa chỉ IP: 0',
    'Làm bài quá nhanh: 3', 'Bài làm giống nhau: 1',
  ]);
  const shown = await findings();
  assert.deepEqual(shown.map((f) => f[0]),
    ['same_name_birth_date', 'too_fast', 'too_fast', 'too_fast', 'identical_answers']);
  const [same, , , , identical] = shown;
  assert.match(same[1], /^2 tài khoản cùng họ tên “(Nguyễn Văn An|NGUYỄN VĂN AN)” và ngày sinh 1988-04-12\.$/);
  assert.deepEqual(same[2], [AN_AGAIN, AN].sort());
  assert.deepEqual(shown.slice(1, 4).map((f) => f[2][0]).sort(), [AN, AN_AGAIN, BA].sort());
  for (const f of shown.slice(1, 4)) assert.match(f[1], /^Nộp bài sau .+ cho 3 câu \(.+ mỗi câu; ngưỡng 3,0 giây\)\.$/);
  assert.match(identical[1], /^2 bài giống hệt nhau ở cả 3 câu, cùng sai 1 câu; thời gian từng câu lệch nhau tối đa .+\.$/);
  assert.deepEqual(identical[2], [AN_AGAIN, AN].sort());
  // The organiser reads how to reach each of them.
  const person = panel().locator('[data-testid="duplicate-finding"]').first().locator('[data-testid="duplicate-person"]').first();
  assert.match(await person.textContent(), /090123456[12] · 1988-04-12 · Sở Nội vụ · đăng ký từ IP 127\.0\.0\.1 lúc /);
  await panel().scrollIntoViewIfNeeded();
  await page.setViewportSize(VIEWPORTS.phone);
  await screenshot(page, 'admin-duplicates-phone');
  await page.setViewportSize(VIEWPORTS.desktop);
  await screenshot(page, 'admin-duplicates-desktop');
  assert.equal(await auditedReadings(), 1);
});

test('the settings change what is found', async () => {
  await setting('address_min_accounts').fill('2');
  await setting('min_ms_per_question').fill('0');
  await check('Đã kiểm tra: 3 nghi vấn.');
  const shown = await findings();
  assert.deepEqual(shown.map((f) => f[0]), ['same_name_birth_date', 'one_address', 'identical_answers']);
  assert.match(shown[1][1], /^3 tài khoản đăng ký từ địa chỉ IP 127\.0\.0\.1 trong 10 phút \(.+\); cả thảy 3 tài khoản từ địa chỉ này\.$/);
  assert.deepEqual(shown[1][2], [AN, AN_AGAIN, BA].sort());
  assert.equal(await auditedReadings(), 2);
});

test('a setting out of range is shown at its field and nothing is read', async () => {
  await setting('timing_tolerance_ms').fill('-1');
  await check('Có một cài đặt không hợp lệ; chưa kiểm tra.');
  assert.equal(await setting('timing_tolerance_ms').getAttribute('aria-invalid'), 'true');
  const error = panel().locator('[data-testid="field-error"]:not([hidden])');
  assert.deepEqual(await error.allTextContents(), ['Số này nằm ngoài khoảng cho phép (xem gợi ý bên dưới).']);
  await setting('timing_tolerance_ms').fill('');
  await inPanel('duplicates-check').click();
  await waitText(error, 'Hãy nhập một số.');
  assert.equal(await auditedReadings(), 2);
  await setting('timing_tolerance_ms').fill('2');
});

test('the report downloads as XLSX, recorded like every reading', async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), inPanel('duplicates-xlsx').click()]);
  assert.equal(download.suggestedFilename(), `${CONTEST}-${ROUND}-nghi-trung-lap.xlsx`);
  const bytes = readFileSync(await download.path());
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
  await waitText(inPanel('duplicates-msg'), `Đã tải tệp ${CONTEST}-${ROUND}-nghi-trung-lap.xlsx.`);
  assert.equal(await auditedReadings(), 3);
});

test('a person disqualified since is marked in the report', async () => {
  const login = await fetch(stack.url('/api/admin/login'), { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: USER, password: PASSWORD }) });
  const { token } = await login.json();
  const participant = await panel().locator('[data-testid="duplicate-finding"]').first()
    .locator('[data-testid="duplicate-person"]').first().getAttribute('data-participant');
  const res = await fetch(stack.url(`/api/admin/contests/${CONTEST}/disqualifications`), {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ kind: 'person', target: participant, reason: 'Hai tài khoản' }) });
  assert.equal(res.status, 201);
  await check('Đã kiểm tra: 3 nghi vấn.');
  const marked = panel().locator(`[data-testid="duplicate-person"][data-participant="${participant}"] [data-testid="duplicate-disqualified"]`);
  assert.equal(await marked.count(), 3); // in each of the three findings
  assert.equal((await marked.first().textContent()).trim(), '— đã bị loại: Hai tài khoản');
});

test('question statistics: facility, discrimination and the options chosen, hardest first', async () => {
  const items = page.locator(`[data-testid="contest-${CONTEST}"] [data-testid="round-${ROUND}"] [data-testid="items"]`);
  await items.locator('summary').click();
  await items.locator('[data-testid="items-compute"]').click();
  await waitText(items.locator('[data-testid="items-msg"]'), 'Đã tính cho 3 câu hỏi; 0 câu bị cảnh báo.');
  assert.equal((await items.locator('[data-testid="items-summary"]').textContent()).trim(),
    'Từ 3 bài thi đã nộp; mỗi nhóm cao, thấp có 1 bài.');
  const rows = await items.locator('[data-testid="item-row"]').evaluateAll((trs) => trs.map((tr) => ({
    question: tr.dataset.question,
    facility: tr.querySelector('[data-col="facility"]').textContent.trim(),
    discrimination: tr.querySelector('[data-col="discrimination"]').textContent.trim(),
    right: [...tr.querySelectorAll('[data-testid="item-option"].right strong')].map((s) => s.textContent),
    chosen: [...tr.querySelectorAll('[data-testid="item-option"] strong')].map((s) => Number(s.textContent)).reduce((a, b) => a + b, 0),
    flags: tr.querySelectorAll('[data-flag]').length,
  })));
  // An and "AN" got the question whose text sorts last wrong; Ba got all right.
  // (enterRound answers right the questions whose texts sort first, as the page sends them.)
  const byText = BANK.questions.map((q) => [normalText(q.text), q.id]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  assert.equal(rows.length, 3);
  assert.deepEqual(rows[0], { question: rows[0].question, facility: '33,3%1/3 bài', discrimination: '1,00', right: ['1'], chosen: 3, flags: 0 });
  for (const row of rows.slice(1)) {
    assert.deepEqual(row, { question: row.question, facility: '100%3/3 bài', discrimination: '0,00', right: ['3'], chosen: 3, flags: 0 });
  }
  assert.equal(rows[0].question, byText[2][1]);
  await items.scrollIntoViewIfNeeded();
  await screenshot(page, 'admin-items-desktop');
  const [download] = await Promise.all([page.waitForEvent('download'), items.locator('[data-testid="items-xlsx"]').click()]);
  assert.equal(download.suggestedFilename(), `${CONTEST}-${ROUND}-thong-ke-cau-hoi.xlsx`);
  assert.equal(readFileSync(await download.path()).subarray(0, 2).toString('latin1'), 'PK');
});
