// The final ranking across rounds ("chung cuộc"), end to end: seven people
// enter three short rounds over the WebSocket with known scores (some skip a
// round), the rounds are closed, finalized and published over the admin API
// (one person disqualified, one on the contest's exclusion list), and then
// the dashboard is refused the final while a counted round is unpublished,
// finalizes it once every round is out (the combined scores, the order, the
// prizes of the one category that has them, each round's score), downloads
// it as CSV and publishes it; the open public pages show the final's
// winners without a reload, the ceremony reveals them, and a viewer reads
// the final but is offered no change and no file.
//
//   cd tests/e2e && REFORMQUIZ_BUILD_DIR=/path/to/build node --test final.spec.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdirSync, readFileSync } from 'node:fs';
import {
  startStack, launchBrowser, newPage, screenshot, isoFromNow, VIEWPORTS, SOURCE_DIR, SCREENSHOT_DIR, waitText,
} from './support/stack.mjs';
import { rightTexts, choicesFor } from './support/answers.mjs';
import { enterRound } from './support/entries.mjs';
import { assertAccessible } from './support/axe.mjs';

const BANK_FILE = path.join(SOURCE_DIR, 'question_banks/cchc-2021-2030.vi.json');
const key = rightTexts(JSON.parse(readFileSync(BANK_FILE, 'utf8')));
const CONTEST = 'chung-cuoc-thu';
const QUESTIONS = 4;
const ROUNDS = ['ky-1', 'ky-2', 'ky-3'];
const USER = 'bantochuc';
const PASSWORD = 'mật-khẩu-thử-1';
const VIEWER = { username: 'lanh-dao', password: 'mat-khau-lanh-dao' };
const THI_HO = 'Thi hộ: người khác làm bài thay';

// Each round's right answers, or null where the person does not enter it.
// Totals are all different (12, 11, 10, 9, 8, 7, 3), so the order is the
// scores' whatever the times. Cường (8 over three rounds) ranks above Bình
// (7 from two).
const PEOPLE = [
  { name: 'Hoàng Văn Em', phone: '0355678905', masked: '035****905', unit: 'ubnd-phuong-1', category: 'nhan-dan', rounds: [4, 4, 4] },
  { name: 'Đỗ Văn Hùng', phone: '0977889900', masked: '097****900', unit: 'so-tu-phap', category: 'cbccvc', rounds: [4, 4, 3] },
  { name: 'Phạm Thị Dung', phone: '0944567894', masked: '094****894', unit: 'so-tu-phap', category: 'cbccvc', rounds: [4, 3, 3] },
  { name: 'Nguyễn Văn An', phone: '0901234561', masked: '090****561', unit: 'so-noi-vu', category: 'cbccvc', rounds: [3, 3, 3] },
  { name: 'Lê Văn Cường', phone: '0933456783', masked: '093****783', unit: 'so-noi-vu', category: 'cbccvc', rounds: [2, 3, 3] },
  { name: 'Trần Thị Bình', phone: '0912345672', masked: '091****672', unit: 'so-tu-phap', category: 'cbccvc', rounds: [4, 3, null] },
  { name: 'Vũ Thị Giang', phone: '0866789016', masked: '086****016', unit: 'ubnd-phuong-1', category: 'nhan-dan', rounds: [1, 2, null] },
];
const [EM, HUNG, DUNG, AN, CUONG, BINH, GIANG] = PEOPLE.map((p) => p.name);
const person = (name) => PEOPLE.find((p) => p.name === name);

const round = (id, n) => ({
  id, title: `Kỳ ${n}`, opens_at: isoFromNow(-1), closes_at: isoFromNow(60),
  bank: 'cchc-2021-2030', draw: { count: QUESTIONS }, time_limit_s: 300, attempts: 1,
});

const CONFIG = {
  id: CONTEST,
  title: 'Cuộc thi thử kết quả chung cuộc',
  categories: [{ id: 'cbccvc', name: 'Cán bộ, công chức, viên chức' }, { id: 'nhan-dan', name: 'Nhân dân' }],
  units: [
    { id: 'so-noi-vu', name: 'Sở Nội vụ', headcount: 10 },
    { id: 'so-tu-phap', name: 'Sở Tư pháp', headcount: 8 },
    { id: 'ubnd-phuong-1', name: 'UBND Phường 1', headcount: 4 },
  ],
  // Dung is on the organisers' staff: she may enter, never win.
  excluded: { phones: [person(DUNG).phone] },
  rounds: ROUNDS.map((id, i) => round(id, i + 1)),
  final: {
    title: 'Kết quả chung cuộc',
    rounds: ROUNDS,
    combine: 'sum',
    prizes: [{ category: 'cbccvc', tiers: [
      { name: 'Giải Nhất', count: 1 }, { name: 'Giải Nhì', count: 1 }, { name: 'Giải Ba', count: 1 }] }],
  },
};
const UNIT_NAME = Object.fromEntries(CONFIG.units.map((u) => [u.id, u.name]));

let stack;
let browser;
let page;      // the organiser's dashboard, desktop
let token;     // the organiser's, for what node does over the API
const pages = {}; // public pages opened before the final is published

async function api(method, p, body) {
  const res = await fetch(stack.url(p), {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

// Finalize answers 503 while a round's attempts are still being closed.
async function finalizeRound(id) {
  const end = Date.now() + 10000;
  for (;;) {
    const res = await api('POST', `/api/admin/contests/${CONTEST}/rounds/${id}/finalize`);
    if (res.status !== 503 || Date.now() > end) return res;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const panel = () => page.locator(`[data-testid="contest-${CONTEST}"] [data-testid="final-panel"]`);
const inPanel = (id) => panel().locator(`[data-testid="${id}"]`);

// The counted rounds as the panel lists them: [round, published?].
function listedRounds(root = panel()) {
  return root.locator('[data-testid="final-round"]').evaluateAll((lis) => lis.map((li) => [li.dataset.round, li.dataset.published]));
}

// The final ranking as shown: [rank, name, unit, score, rounds, attempts,
// prize, excluded, disqualified, Kỳ 1, Kỳ 2, Kỳ 3, category].
function rankingRows(root = panel()) {
  return root.locator('[data-testid="final-ranking-row"]').evaluateAll((trs) => trs.map((tr) => {
    const cell = (col) => tr.querySelector(`[data-col="${col}"]`).textContent.trim();
    return ['rank', 'name', 'unit', 'score', 'rounds', 'attempts', 'prize', 'excluded', 'disqualified',
      'round:ky-1', 'round:ky-2', 'round:ky-3', 'category'].map(cell);
  }));
}

const EXPECTED_RANKING = [
  ['1', EM, 'UBND Phường 1', '12/12', '3', '3', '', '', '', '4/4', '4/4', '4/4', 'Nhân dân'],
  ['2', HUNG, 'Sở Tư pháp', '11/12', '3', '3', '', '', THI_HO, '4/4', '4/4', '3/4', 'Cán bộ, công chức, viên chức'],
  ['3', DUNG, 'Sở Tư pháp', '10/12', '3', '3', '', 'Có', '', '4/4', '3/4', '3/4', 'Cán bộ, công chức, viên chức'],
  ['4', AN, 'Sở Nội vụ', '9/12', '3', '3', 'Giải Nhất', '', '', '3/4', '3/4', '3/4', 'Cán bộ, công chức, viên chức'],
  ['5', CUONG, 'Sở Nội vụ', '8/12', '3', '3', 'Giải Nhì', '', '', '2/4', '3/4', '3/4', 'Cán bộ, công chức, viên chức'],
  ['6', BINH, 'Sở Tư pháp', '7/12', '2', '2', 'Giải Ba', '', '', '4/4', '3/4', '—', 'Cán bộ, công chức, viên chức'],
  ['7', GIANG, 'UBND Phường 1', '3/12', '2', '2', '', '', '', '1/4', '2/4', '—', 'Nhân dân'],
];

// The page's WebSocket is connected and subscribed to the contest's pushes.
const subscribed = (p) => p.waitForFunction((contest) => {
  const banner = document.querySelector('[data-testid=connection]');
  return banner.dataset.state === 'online' && (banner.dataset.subscribed || '').split(' ').includes(contest);
}, CONTEST);

// The ceremony fades each reveal in; a screenshot waits for it to finish.
const settled = (p) => p.waitForFunction(() => document.getAnimations().every((a) => a.playState === 'finished'));

const text = async (p, testid) => (await p.getByTestId(testid).first().textContent()).trim();

function readRows(p, testid) {
  return p.evaluate((id) => [...document.querySelectorAll(`[data-testid=${id}] tbody tr`)]
    .map((tr) => [...tr.children].map((cell) => cell.textContent.trim())), testid);
}

// The public winners: category -> prize -> people with what their card says.
function readWinners(p) {
  return p.evaluate(() => [...document.querySelectorAll('[data-testid=winner-category]')].map((section) => ({
    category: section.dataset.category,
    heading: section.querySelector('h3').textContent,
    prizes: [...section.querySelectorAll('[data-testid=prize-group]')].map((group) => ({
      prize: group.dataset.prize,
      winners: [...group.querySelectorAll('[data-testid=winner]')].map((w) => {
        const get = (id) => w.querySelector(`[data-testid=${id}]`).textContent;
        return { name: get('winner-name'), unit: get('winner-unit'), rank: get('winner-rank'), score: get('winner-score'),
          rounds: get('winner-rounds'), phone: get('winner-phone'), duration: get('winner-duration') };
      }),
    })),
  })));
}

function expectedWinner(name, rank) {
  const p = person(name);
  const entered = p.rounds.filter((r) => r !== null);
  return { name, unit: UNIT_NAME[p.unit], rank: String(rank), score: `${entered.reduce((a, b) => a + b, 0)}/12 điểm`,
    rounds: String(entered.length), phone: p.masked };
}


async function shots(p, name) {
  await p.setViewportSize(VIEWPORTS.phone);
  await screenshot(p, `${name}-phone`);
  await p.setViewportSize(VIEWPORTS.desktop);
  await screenshot(p, `${name}-desktop`);
}

async function signIn(p, username, password) {
  await p.goto(stack.url(`/admin/#contests/${CONTEST}`));
  await p.locator('[data-testid="login-username"]').fill(username);
  await p.locator('[data-testid="login-password"]').fill(password);
  await p.locator('[data-testid="login-submit"]').click();
  await p.waitForFunction((id) => document.querySelector(`[data-testid="contest-${id}"]`)?.open === true, CONTEST);
}

before(async () => {
  stack = await startStack();
  await stack.importBank(BANK_FILE, 'cchc-2021-2030');
  await stack.createContest(CONFIG);
  await stack.addOrganiser(USER, PASSWORD);
  await stack.cli(['admin', 'add', VIEWER.username, '--role', 'viewer', '--contest', CONTEST], `${VIEWER.password}\n`);
  browser = await launchBrowser();
  page = await newPage(browser, 'desktop');
  token = (await api('POST', '/api/admin/login', { username: USER, password: PASSWORD })).body.token;
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('contestants enter three rounds with known scores, some skipping one', async () => {
  const driver = await newPage(browser, 'desktop');
  await driver.exposeFunction('choicesFor', (question, right) => choicesFor(question, key, right));
  await driver.goto(stack.url('/healthz'));
  for (const [i, id] of ROUNDS.entries()) {
    const people = PEOPLE.filter((p) => p.rounds[i] !== null).map((p) => ({ ...p, right: p.rounds[i] }));
    const results = await enterRound(driver, people, { contest: CONTEST, round: id, returning: i > 0 });
    assert.deepEqual(results.map((r) => [r.name, r.score, r.max, r.status]),
      people.map((p) => [p.name, p.right, QUESTIONS, 'submitted']));
  }
  assert.deepEqual(driver.errors.map(String), []);
  await driver.close();
});

test('the rounds are closed and finalized, one person disqualified, two rounds published', async () => {
  for (const id of ROUNDS) {
    assert.equal((await api('POST', `/api/admin/contests/${CONTEST}/rounds/${id}/close`)).status, 200);
    assert.equal((await finalizeRound(id)).status, 200);
  }
  // Someone else sat Hùng's tests.
  const draft = (await finalizeRound('ky-1')).body;
  const hung = draft.ranking.find((r) => r.name === HUNG).participant;
  const made = await api('POST', `/api/admin/contests/${CONTEST}/disqualifications`, { kind: 'person', target: hung, reason: THI_HO });
  assert.equal(made.status, 201);
  for (const id of ROUNDS) assert.equal((await finalizeRound(id)).status, 200);
  for (const id of ['ky-1', 'ky-2']) {
    assert.equal((await api('POST', `/api/admin/contests/${CONTEST}/rounds/${id}/publish`)).status, 200);
  }
  const view = await (await fetch(stack.url(`/api/contests/${CONTEST}`))).json();
  assert.deepEqual(view.rounds.map((r) => [r.id, Boolean(r.published_at)]), [['ky-1', true], ['ky-2', true], ['ky-3', false]]);
  assert.deepEqual(view.final, {
    title: 'Kết quả chung cuộc', rounds: ROUNDS, combine: 'sum', best: null, min_rounds: 1,
    prizes: CONFIG.final.prizes, notice: { number: null, date: null }, published_at: null,
  });
});

test('the dashboard is refused the final while a counted round is unpublished, with the round named', async () => {
  await signIn(page, USER, PASSWORD);
  await panel().waitFor();
  await waitText(panel().locator('h3'), 'Chung cuộc: Kết quả chung cuộc');
  await waitText(inPanel('final-rule'), 'Xếp hạng chung cuộc qua các vòng Kỳ 1, Kỳ 2, Kỳ 3. Cách tính: tổng điểm các vòng.');
  await inPanel('final-round').first().waitFor();
  assert.deepEqual(await listedRounds(), [['ky-1', 'true'], ['ky-2', 'true'], ['ky-3', 'false']]);
  assert.match(await panel().locator('[data-round="ky-3"]').textContent(), /^Kỳ 3 — chưa công bố$/);
  assert.match(await panel().locator('[data-round="ky-1"]').textContent(), /^Kỳ 1 — đã công bố lúc \d\d:\d\d \d\d\/\d\d\/\d{4}$/);
  await waitText(inPanel('final-needs-rounds'), 'Chỉ chốt được kết quả chung cuộc khi mọi vòng được tính đã công bố kết quả.');
  await waitText(inPanel('final-status'), 'Chưa chốt kết quả chung cuộc.');

  // The server's refusal, as the page reads it.
  const refused = await api('POST', `/api/admin/contests/${CONTEST}/final/finalize`);
  assert.equal(refused.status, 409);
  assert.equal(refused.body.error.code, 'not_finalized');
  await inPanel('final-finalize').click();
  await waitText(inPanel('final-finalize-msg'),
    `Chưa chốt được: kết quả “Kỳ 3” chưa công bố. Hãy công bố kết quả mọi vòng được tính trước. Máy chủ báo: ${refused.body.error.message}`);
  assert.match(refused.body.error.message, /ky-3/);
  assert.equal(await inPanel('final-finalize-msg').locator('.field-error').count(), 1);
  assert.equal(await inPanel('final-draft').count(), 0);

  // Publishing without a draft: refused, and said so beside the button.
  await inPanel('final-publish').click();
  assert.equal((await page.locator('#confirm-title').textContent()).trim(), 'Công bố “Kết quả chung cuộc”?');
  await page.locator('[data-testid="confirm-ok"]').click();
  await waitText(inPanel('final-publish-msg'), 'Hãy chốt kết quả chung cuộc trước khi công bố.');
  // Trying another action clears the earlier refusal.
  assert.equal((await inPanel('final-finalize-msg').textContent()).trim(), '');
  await inPanel('final-finalize').click();
  await inPanel('final-finalize-msg').locator('.field-error').waitFor();
  await panel().scrollIntoViewIfNeeded();
  await shots(page, 'admin-final-refused');
  await assertAccessible(page, 'admin-final-refused');
  assert.deepEqual(page.errors.map(String), []);
});

test('before the final is published the public pages offer only the rounds and wait for it', async () => {
  const onRound = await newPage(browser, 'phone');
  await onRound.goto(stack.url(`/results/?contest=${CONTEST}&round=ky-2`));
  await onRound.getByTestId('winners').waitFor();
  assert.deepEqual(await onRound.locator('#round-select option').allTextContents(),
    ['— Chọn kỳ thi —', 'Kỳ 1 · đã công bố', 'Kỳ 2 · đã công bố', 'Kỳ 3 · chưa công bố']);

  const waiting = await newPage(browser, 'desktop');
  await waiting.goto(stack.url(`/results/?contest=${CONTEST}&final=1`));
  await waiting.getByTestId('not-published').waitFor();
  assert.equal((await waiting.getByTestId('not-published').locator('h2').textContent()).trim(), 'Kết quả chưa công bố');
  assert.equal((await waiting.locator('.not-published-text').textContent()).trim(), 'Kết quả chung cuộc chưa được công bố.');
  assert.equal(await waiting.locator('#round-select').inputValue(), '(final)');
  assert.equal(await waiting.locator('#round-select option:checked').textContent(), 'Kết quả chung cuộc · chưa công bố');
  await screenshot(waiting, 'results-final-not-published-desktop');

  const ceremony = await newPage(browser, 'desktop');
  await ceremony.goto(stack.url(`/results/ceremony.html?contest=${CONTEST}&final=1`));
  await ceremony.getByTestId('not-published').waitFor();
  assert.equal(await text(ceremony, 'ceremony-round'), 'Kết quả chung cuộc');
  assert.match(await text(ceremony, 'not-published'), /Kết quả chung cuộc chưa được công bố\./);

  for (const p of [onRound, waiting, ceremony]) {
    await subscribed(p);
    await p.evaluate(() => { window.notReloaded = true; });
  }
  Object.assign(pages, { onRound, waiting, ceremony });
});

test('once every round is published the dashboard finalizes the final: order, prizes, per-round scores, CSV', async () => {
  assert.equal((await api('POST', `/api/admin/contests/${CONTEST}/rounds/ky-3/publish`)).status, 200);
  // The panel follows the rounds' publication by itself.
  await panel().locator('[data-round="ky-3"][data-published="true"]').waitFor();
  assert.equal(await inPanel('final-needs-rounds').count(), 0);

  await inPanel('final-finalize').click();
  await waitText(inPanel('final-finalize-msg'), 'Đã tính bản nháp chung cuộc: 7 người trong bảng xếp hạng. Xem lại bên dưới trước khi công bố.');
  await inPanel('final-draft').waitFor();
  assert.equal((await inPanel('final-draft').locator('h4').first().textContent()).trim(), 'Bản nháp kết quả chung cuộc');
  await waitText(inPanel('final-finalized'), 'Đã chốt kết quả');
  assert.deepEqual(await rankingRows(), EXPECTED_RANKING);
  // Each line's total time is its counted entries' time.
  for (const d of await panel().locator('[data-testid="final-ranking-row"] [data-col="duration"]').allTextContents()) {
    assert.match(d.trim(), /^[\d,]+ giây$|^\d+ phút \d\d giây$/);
  }
  assert.deepEqual(await panel().locator('[data-testid="final-ranking-row"].disqualified [data-col="name"]').allTextContents(), [HUNG]);
  assert.deepEqual(await panel().locator('[data-testid="final-ranking-row"].excluded [data-col="name"]').allTextContents(), [DUNG]);
  assert.deepEqual(await panel().locator('[data-testid="final-ranking-table"] thead th').allTextContents(), [
    'Hạng', 'Họ tên', 'Đơn vị', 'Điểm', 'Số vòng đã dự', 'Tổng thời gian', 'Số lượt thi', 'Giải', 'Không xét giải',
    'Bị loại', 'Kỳ 1', 'Kỳ 2', 'Kỳ 3', 'Đối tượng', 'Điện thoại']);
  assert.deepEqual(await inPanel('final-summary').locator('dd').allTextContents(), ['7', '7', '12', 'Tổng điểm các vòng']);
  // Winners in the one category with prizes, passing over the disqualified
  // and the excluded above them.
  assert.deepEqual(await inPanel('final-winners-cbccvc').locator('[data-testid="winner-row"]').evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].slice(0, 5).map((td) => td.textContent.trim()))), [
    ['Giải Nhất', AN, 'Sở Nội vụ', '9/12', '3'],
    ['Giải Nhì', CUONG, 'Sở Nội vụ', '8/12', '3'],
    ['Giải Ba', BINH, 'Sở Tư pháp', '7/12', '2'],
  ]);
  assert.equal(await inPanel('final-winners-nhan-dan').count(), 0);
  // The organiser sees full phones in the draft.
  assert.deepEqual((await panel().locator('[data-testid="final-ranking-row"] [data-col="phone"]').allTextContents()).map((p) => p.trim()),
    PEOPLE.map((p) => p.phone));
  await inPanel('final-draft').scrollIntoViewIfNeeded();
  await shots(page, 'admin-final-draft');
  await assertAccessible(page, 'admin-final-draft');

  const [csv] = await Promise.all([page.waitForEvent('download'), inPanel('final-csv').click()]);
  assert.equal(csv.suggestedFilename(), `${CONTEST}-chung-cuoc-xep-hang.csv`);
  const lines = readFileSync(await csv.path(), 'utf8').split(/\r?\n/).filter(Boolean);
  const header = lines[0].replace(/^\uFEFF/, '').split(',');
  assert.deepEqual(header, ['rank', 'prize', 'name', 'unit', 'category', 'phone', 'id_number', 'score', 'total_score',
    'max_score', 'rounds_entered', 'duration_ms', 'attempts_used', 'submitted_at', 'excluded', 'disqualified', 'participant',
    'score:ky-1', 'score:ky-2', 'score:ky-3']);
  const col = (cells, name) => cells[header.indexOf(name)];
  assert.deepEqual(lines.slice(1).map((line) => line.split(',')).map((cells) => ['rank', 'prize', 'name', 'score', 'max_score',
    'rounds_entered', 'excluded', 'disqualified', 'score:ky-1', 'score:ky-2', 'score:ky-3'].map((n) => col(cells, n))), [
    ['1', '', EM, '12', '12', '3', 'no', '', '4', '4', '4'],
    ['2', '', HUNG, '11', '12', '3', 'no', THI_HO, '4', '4', '3'],
    ['3', '', DUNG, '10', '12', '3', 'yes', '', '4', '3', '3'],
    ['4', 'Giải Nhất', AN, '9', '12', '3', 'no', '', '3', '3', '3'],
    ['5', 'Giải Nhì', CUONG, '8', '12', '3', 'no', '', '2', '3', '3'],
    ['6', 'Giải Ba', BINH, '7', '12', '2', 'no', '', '4', '3', ''],
    ['7', '', GIANG, '3', '12', '2', 'no', '', '1', '2', ''],
  ]);
  await waitText(inPanel('final-csv-msg'), `Đã tải tệp ${CONTEST}-chung-cuoc-xep-hang.csv.`);
  const [xlsx] = await Promise.all([page.waitForEvent('download'), inPanel('final-xlsx').click()]);
  assert.equal(xlsx.suggestedFilename(), `${CONTEST}-chung-cuoc-xep-hang.xlsx`);
  assert.equal(readFileSync(await xlsx.path()).subarray(0, 2).toString('latin1'), 'PK');
  // Not yet public.
  assert.equal((await fetch(stack.url(`/api/contests/${CONTEST}/final/results`))).status, 404);
  assert.ok(await pages.waiting.getByTestId('not-published').isVisible());
  assert.deepEqual(page.errors.map(String), []);
});

test('publishing from the dashboard updates the open public pages live with the final winners', async () => {
  await inPanel('final-publish').click();
  assert.equal((await page.locator('#confirm-text').textContent()).trim(),
    'Người dự thi và trang kết quả công khai sẽ thấy kết quả chung cuộc và danh sách đoạt giải ngay. Không thể rút lại.');
  await page.locator('[data-testid="confirm-ok"]').click();
  await inPanel('final-publish-msg').locator('.ok-text').waitFor();
  assert.match(await text(page, 'final-publish-msg'), /^Đã công bố lúc \d\d:\d\d \d\d\/\d\d\/\d{4}\.$/);
  await inPanel('final-published').waitFor();
  assert.equal((await inPanel('final-published').locator('h4').first().textContent()).trim(), 'Kết quả chung cuộc đã công bố');
  await inPanel('final-published-at').waitFor();
  assert.equal(await inPanel('final-needs-rounds').count(), 0);

  // The page that waited on the final shows it without a reload.
  const waiting = pages.waiting;
  await waiting.getByTestId('final-combine').waitFor();
  assert.equal(await waiting.evaluate(() => window.notReloaded), true, 'the page was not reloaded');
  assert.equal(await text(waiting, 'results-title'), 'Kết quả chung cuộc');
  assert.equal(await text(waiting, 'final-combine'), 'Tổng điểm các kỳ');
  assert.equal(await text(waiting, 'final-rule'), 'Cách tính điểm: Tổng điểm các kỳ. Các kỳ được tính: Kỳ 1, Kỳ 2, Kỳ 3.');
  assert.equal(await text(waiting, 'summary-entrants'), '7');
  assert.equal(await text(waiting, 'summary-ranked'), '7');
  assert.equal(await text(waiting, 'summary-rounds'), '3');
  assert.equal(await text(waiting, 'summary-max-score'), '12');
  assert.deepEqual(await readRows(waiting, 'by-category'), [['Cán bộ, công chức, viên chức', '5', '5'], ['Nhân dân', '2', '2']]);
  assert.deepEqual(await readRows(waiting, 'final-rounds'), [['Kỳ 1', '7'], ['Kỳ 2', '7'], ['Kỳ 3', '5']]);
  const winners = [{ category: 'cbccvc', heading: 'Cán bộ, công chức, viên chức', prizes: [
    { prize: 'Giải Nhất', winners: [expectedWinner(AN, 4)] },
    { prize: 'Giải Nhì', winners: [expectedWinner(CUONG, 5)] },
    { prize: 'Giải Ba', winners: [expectedWinner(BINH, 6)] },
  ] }];
  const shown = await readWinners(waiting);
  for (const w of shown.flatMap((c) => c.prizes.flatMap((p) => p.winners))) {
    assert.match(w.duration, /^[\d,]+ giây$|^\d+ phút \d\d giây$/);
    delete w.duration;
  }
  assert.deepEqual(shown, winners);
  assert.equal(await waiting.getByTestId('collective').count(), 0, 'no contest-wide collective prizes configured');
  assert.ok(!/null|undefined/.test(await waiting.locator('#view').textContent()), 'no empty value written out');
  assert.equal(await waiting.getByTestId('not-published').count(), 0);
  // Only masked phones, no score bands or participation of a round.
  const html = await waiting.content();
  for (const p of PEOPLE) assert.ok(!html.replace(/\s/g, '').includes(p.phone), `${p.name}'s phone leaked`);
  assert.equal(await waiting.locator('#score-bands, #participation').count(), 0);
  assert.equal(await waiting.locator('#round-select option:checked').textContent(), 'Kết quả chung cuộc · đã công bố');
  await screenshot(waiting, 'results-final-desktop');
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await waiting.locator('#winners').screenshot({ path: path.join(SCREENSHOT_DIR, 'results-final-winners-desktop.png') });
  await assertAccessible(waiting, 'results-final');

  // The page on a round: told, and the final offered after the rounds.
  const onRound = pages.onRound;
  const finalNotice = onRound.locator('[data-testid=fresh-notice][data-round="(final)"]');
  await finalNotice.waitFor();
  assert.equal(await onRound.evaluate(() => window.notReloaded), true);
  assert.equal((await finalNotice.locator('span').textContent()).trim(), 'Kết quả chung cuộc vừa được công bố.');
  // Kỳ 3, published while the page was open, was announced the same way.
  const notices = () => onRound.getByTestId('fresh-notice').evaluateAll((divs) => divs.map((d) => d.dataset.round));
  assert.deepEqual(await notices(), ['ky-3', '(final)']);
  await onRound.waitForFunction(() => document.querySelectorAll('#round-select option').length === 5);
  assert.deepEqual(await onRound.locator('#round-select option').allTextContents(),
    ['— Chọn kỳ thi —', 'Kỳ 1 · đã công bố', 'Kỳ 2 · đã công bố', 'Kỳ 3 · đã công bố', 'Kết quả chung cuộc · đã công bố']);
  assert.ok(await onRound.locator('#score-bands').isVisible(), 'still on Kỳ 2');
  await finalNotice.getByTestId('fresh-show').click();
  await onRound.getByTestId('final-combine').waitFor();
  assert.equal(new URL(onRound.url()).search, `?contest=${CONTEST}&final=1`);
  assert.deepEqual(await notices(), ['ky-3']);
  const phoneWinners = await readWinners(onRound);
  for (const w of phoneWinners.flatMap((c) => c.prizes.flatMap((p) => p.winners))) delete w.duration;
  assert.deepEqual(phoneWinners, winners);
  await screenshot(onRound, 'results-final-phone');
  // Back to Kỳ 2 with the picker, and to the final again.
  await onRound.selectOption('#round-select', 'ky-2');
  await onRound.locator('#score-bands').waitFor();
  assert.equal(new URL(onRound.url()).search, `?contest=${CONTEST}&round=ky-2`);
  await onRound.selectOption('#round-select', '(final)');
  await onRound.getByTestId('final-combine').waitFor();

  // A fresh page without a round opens on the final, the latest result.
  const fresh = await newPage(browser, 'desktop');
  await fresh.goto(stack.url(`/results/?contest=${CONTEST}`));
  await fresh.getByTestId('final-combine').waitFor();
  assert.equal(new URL(fresh.url()).search, `?contest=${CONTEST}&final=1`);
  // English: the same figures with English words.
  await fresh.getByTestId('lang-switch').click();
  assert.equal(await text(fresh, 'final-combine'), 'Sum of the rounds’ scores');
  assert.equal(await fresh.locator('[data-testid=winner-rank]').first().evaluate((dd) => dd.previousElementSibling.textContent), 'Final rank');
  assert.equal(await text(fresh, 'winner-score'), '9/12 points');
  assert.deepEqual([...waiting.errors, ...onRound.errors, ...fresh.errors].map(String), []);
  await fresh.context().close();
});

test('the ceremony reveals the final winners from the third prize up to the first', async () => {
  // The ceremony opened before publishing moved on by itself.
  const ceremony = pages.ceremony;
  await ceremony.getByTestId('ceremony-intro').waitFor();
  assert.equal(await ceremony.evaluate(() => window.notReloaded), true);
  assert.equal(await text(ceremony, 'ceremony-round'), 'Kết quả chung cuộc');
  assert.match(await text(ceremony, 'ceremony-intro'), /3 giải cá nhân sẽ được công bố/);
  assert.equal(await text(ceremony, 'ceremony-progress'), '0/3');
  const order = [['Giải Ba', BINH, '7/12 điểm'], ['Giải Nhì', CUONG, '8/12 điểm'], ['Giải Nhất', AN, '9/12 điểm']];
  for (const [i, [prize, name, score]] of order.entries()) {
    await ceremony.keyboard.press('ArrowRight');
    assert.equal(await text(ceremony, 'ceremony-progress'), `${i + 1}/3`);
    assert.equal(await text(ceremony, 'ceremony-prize'), prize);
    assert.equal(await text(ceremony, 'ceremony-category'), 'Cán bộ, công chức, viên chức');
    assert.equal(await text(ceremony, 'ceremony-name'), name);
    assert.equal(await text(ceremony, 'ceremony-unit'), UNIT_NAME[person(name).unit]);
    assert.ok((await text(ceremony, 'ceremony-score')).startsWith(`${score} · `));
    assert.ok((await text(ceremony, 'ceremony-announcer')).startsWith(`${i + 1}/3. ${prize}, Cán bộ, công chức, viên chức: ${name}, `));
  }
  assert.ok((await text(ceremony, 'ceremony-end')).includes('Đã công bố tất cả các giải'));
  await settled(ceremony);
  await screenshot(ceremony, 'ceremony-final-reveal-desktop');
  await assertAccessible(ceremony, 'ceremony-final');
  assert.equal(new URL(await ceremony.locator('#to-results').evaluate((a) => a.href)).search, `?contest=${CONTEST}&final=1`);
  assert.deepEqual(ceremony.errors.map(String), []);

  // From the results page's link, on a phone.
  const phone = pages.onRound;
  await phone.getByTestId('ceremony-link').click();
  await phone.getByTestId('ceremony-intro').waitFor();
  assert.equal(new URL(phone.url()).pathname, '/results/ceremony.html');
  assert.equal(new URL(phone.url()).search, `?contest=${CONTEST}&final=1`);
  await phone.keyboard.press('ArrowRight');
  assert.equal(await text(phone, 'ceremony-name'), BINH);
  await settled(phone);
  await screenshot(phone, 'ceremony-final-reveal-phone');
  assert.deepEqual(phone.errors.map(String), []);
});

test('a viewer reads the published final but is offered no change and no file', async () => {
  const viewer = await newPage(browser, 'desktop');
  await signIn(viewer, VIEWER.username, VIEWER.password);
  const vpanel = viewer.locator(`[data-testid="contest-${CONTEST}"] [data-testid="final-panel"]`);
  await vpanel.locator('[data-testid="final-published-at"]').waitFor();
  for (const id of ['final-finalize', 'final-publish', 'final-csv', 'final-xlsx']) {
    assert.equal(await vpanel.locator(`[data-testid="${id}"]`).count(), 0, `no ${id} for a viewer`);
  }
  await vpanel.locator('[data-testid="final-view"]').click();
  await vpanel.locator('[data-testid="final-published"]').waitFor();
  const rows = await rankingRows(vpanel);
  assert.deepEqual(rows, EXPECTED_RANKING);
  // Phones reach a viewer masked by the server.
  const phones = await vpanel.locator('[data-testid="final-ranking-row"] [data-col="phone"]').allTextContents();
  assert.deepEqual(phones.map((p) => p.trim()), PEOPLE.map((p) => p.masked));
  assert.deepEqual(await listedRounds(vpanel), [['ky-1', 'true'], ['ky-2', 'true'], ['ky-3', 'true']]);
  await shots(viewer, 'admin-final-viewer');
  assert.deepEqual(viewer.errors.map(String), []);
  await viewer.context().close();
});
