// The ceremony reveals the collective (unit) prizes before the individual
// ones, end to end: nine people of four units in two blocks (every unit with
// a headcount) enter two rounds over the WebSocket with known scores, the
// rounds are closed, finalized and published over the admin API, and then
// the final ranking across them. Ceremony pages opened before publishing
// move on by themselves; the round's ceremony reveals its collective prize
// (participation rate) from the second place up to the first, then the
// individual winners; the final's ceremony reveals its two contest-wide
// collective prizes (a weighted value, the entrants) the same way, then its
// individual winners. Every card's texts, the title card's count, the
// announcements, the keys back and the English switch are checked.
//
//   cd tests/e2e && REFORMQUIZ_BUILD_DIR=/path/to/build node --test ceremony_collective.spec.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import {
  startStack, launchBrowser, newPage, screenshot, isoFromNow, VIEWPORTS, SOURCE_DIR,
} from './support/stack.mjs';
import { rightTexts, choicesFor } from './support/answers.mjs';
import { enterRound } from './support/entries.mjs';
import { assertAccessible } from './support/axe.mjs';

const BANK_FILE = path.join(SOURCE_DIR, 'question_banks/cchc-2021-2030.vi.json');
const key = rightTexts(JSON.parse(readFileSync(BANK_FILE, 'utf8')));
const CONTEST = 'tap-the-thu';
const QUESTIONS = 3;
const ADMIN = { username: 'bantochuc', password: 'mật-khẩu-thử-1' };
const PROJECTOR = { width: 1920, height: 1080 };

const round = (id, n, prizes) => ({
  id, title: `Kỳ ${n}`, opens_at: isoFromNow(-1), closes_at: isoFromNow(60),
  bank: 'cchc-2021-2030', draw: { count: QUESTIONS }, time_limit_s: 300, attempts: 1, ...(prizes ? { prizes } : {}),
});

const WEIGHTED = 'Giải tập thể toàn cuộc thi';
const MOST = 'Giải đơn vị có nhiều người dự thi nhất';

const CONFIG = {
  id: CONTEST,
  title: 'Cuộc thi thử giải tập thể',
  categories: [{ id: 'cbccvc', name: 'Cán bộ, công chức, viên chức' }, { id: 'nhan-dan', name: 'Nhân dân' }],
  blocks: [{ id: 'so-nganh', name: 'Các sở, ban, ngành' }, { id: 'xa-phuong', name: 'Xã, phường, thị trấn' }],
  units: [
    { id: 'so-noi-vu', name: 'Sở Nội vụ', block: 'so-nganh', headcount: 4 },
    { id: 'so-tu-phap', name: 'Sở Tư pháp', block: 'so-nganh', headcount: 5 },
    { id: 'ubnd-phuong-1', name: 'UBND Phường 1', block: 'xa-phuong', headcount: 3 },
    { id: 'ubnd-xa-binh-an', name: 'UBND xã Bình An', block: 'xa-phuong', headcount: 8 },
  ],
  rounds: [
    round('ky-1', 1, [
      { category: 'cbccvc', tiers: [{ name: 'Giải Nhất', count: 1 }, { name: 'Giải Nhì', count: 1 }] },
      { category: 'nhan-dan', tiers: [{ name: 'Giải Nhất', count: 1 }] }]),
    round('ky-2', 2),
  ],
  final: {
    title: 'Kết quả chung cuộc', rounds: ['ky-1', 'ky-2'], combine: 'sum',
    prizes: [{ category: 'cbccvc', tiers: [{ name: 'Giải Nhất', count: 1 }] },
      { category: 'nhan-dan', tiers: [{ name: 'Giải Nhất', count: 1 }] }],
  },
  collective_prizes: [
    // In every round.
    { name: 'Giải tập thể', count: 2, metric: 'participation_rate', block: null },
    // Once, over both rounds: the rate in percent plus the points of the
    // rounds' individual prizes; and the most entrants.
    { name: WEIGHTED, count: 2, metric: 'weighted', scope: 'contest',
      weights: { participation_rate: 100, prize_points: 1 }, points: { 'Giải Nhất': 10, 'Giải Nhì': 8 } },
    { name: MOST, count: 1, metric: 'entrants', scope: 'contest' },
  ],
};

// Right answers in Kỳ 1 and Kỳ 2 (null: not entered). Scores differ within a
// category where a prize is decided, so the winners are known.
const PEOPLE = [
  { name: 'Nguyễn Văn An', phone: '0901234561', unit: 'so-noi-vu', category: 'cbccvc', rounds: [3, 2] },
  { name: 'Đỗ Văn Hùng', phone: '0977889900', unit: 'so-noi-vu', category: 'cbccvc', rounds: [0, null] },
  { name: 'Trần Thị Bình', phone: '0912345672', unit: 'so-tu-phap', category: 'cbccvc', rounds: [2, null] },
  { name: 'Lê Văn Cường', phone: '0933456783', unit: 'so-tu-phap', category: 'cbccvc', rounds: [1, 3] },
  { name: 'Phạm Thị Dung', phone: '0944567894', unit: 'ubnd-phuong-1', category: 'nhan-dan', rounds: [3, null] },
  { name: 'Hoàng Văn Em', phone: '0355678905', unit: 'ubnd-phuong-1', category: 'nhan-dan', rounds: [2, null] },
  { name: 'Vũ Thị Giang', phone: '0866789016', unit: 'ubnd-xa-binh-an', category: 'nhan-dan', rounds: [1, null] },
  // Two who register only for Kỳ 2.
  { name: 'Đặng Thị Hoa', phone: '0388123457', unit: 'ubnd-xa-binh-an', category: 'nhan-dan', rounds: [null, 2] },
  { name: 'Bùi Văn Khánh', phone: '0399234568', unit: 'ubnd-xa-binh-an', category: 'nhan-dan', rounds: [null, 1] },
];
const UNIT_NAME = Object.fromEntries(CONFIG.units.map((u) => [u.id, u.name]));
const unitOf = (name) => UNIT_NAME[PEOPLE.find((p) => p.name === name).unit];
const SO_NGANH = 'Khối: Các sở, ban, ngành';
const XA_PHUONG = 'Khối: Xã, phường, thị trấn';
const CBCCVC = 'Cán bộ, công chức, viên chức';

// Kỳ 1's participation: Sở Nội vụ 2/4, Sở Tư pháp 2/5, UBND Phường 1 2/3,
// UBND xã Bình An 1/8. Its collective prize goes to the two highest; the
// individual prizes to An and Bình (cán bộ), Dung (nhân dân).
const ROUND_STEPS = [
  { kind: 'collective', prize: 'Giải tập thể — Hạng 2', name: 'Sở Nội vụ', block: SO_NGANH, figure: `Tỷ lệ tham gia: 50%` },
  { kind: 'collective', prize: 'Giải tập thể — Hạng 1', name: 'UBND Phường 1', block: XA_PHUONG, figure: `Tỷ lệ tham gia: 66,7%` },
  { kind: 'individual', prize: 'Giải Nhì', category: CBCCVC, name: 'Trần Thị Bình' },
  { kind: 'individual', prize: 'Giải Nhất', category: CBCCVC, name: 'Nguyễn Văn An' },
  { kind: 'individual', prize: 'Giải Nhất', category: 'Nhân dân', name: 'Phạm Thị Dung' },
];
const ROUND_INTRO = '5 giải sẽ được công bố: 2 giải tập thể, rồi 3 giải cá nhân, từ giải thấp nhất đến giải cao nhất.';

// Over both rounds: entrants 2, 2, 2 and 3 (Giang, Hoa, Khánh); the
// weighted value is 100 × the rate plus Kỳ 1's prize points: Sở Nội vụ 50 +
// 10 = 60, Sở Tư pháp 40 + 8, UBND Phường 1 66,67 + 10, UBND xã Bình An 37,5.
// The final's individual prizes: An (5 points), Dung (3).
const FINAL_STEPS = [
  { kind: 'collective', prize: `${WEIGHTED} — Hạng 2`, name: 'Sở Nội vụ', block: SO_NGANH, figure: 'Điểm tổng hợp: 60' },
  { kind: 'collective', prize: `${WEIGHTED} — Hạng 1`, name: 'UBND Phường 1', block: XA_PHUONG, figure: 'Điểm tổng hợp: 76,67' },
  { kind: 'collective', prize: `${MOST} — Hạng 1`, name: 'UBND xã Bình An', block: XA_PHUONG, figure: 'Số người dự thi: 3' },
  { kind: 'individual', prize: 'Giải Nhất', category: CBCCVC, name: 'Nguyễn Văn An' },
  { kind: 'individual', prize: 'Giải Nhất', category: 'Nhân dân', name: 'Phạm Thị Dung' },
];
const FINAL_INTRO = '5 giải sẽ được công bố: 3 giải tập thể, rồi 2 giải cá nhân, từ giải thấp nhất đến giải cao nhất.';

let stack;
let browser;
let token;
const pages = {}; // the ceremonies opened before publishing

async function api(method, p, body) {
  const res = await fetch(stack.url(p), {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

// Finalize answers 503 while a round's attempts are still being closed.
async function finalize(p) {
  const end = Date.now() + 10000;
  for (;;) {
    const res = await api('POST', p);
    if (res.status !== 503 || Date.now() > end) return res;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const subscribed = (p) => p.waitForFunction((contest) => {
  const banner = document.querySelector('[data-testid=connection]');
  return banner.dataset.state === 'online' && (banner.dataset.subscribed || '').split(' ').includes(contest);
}, CONTEST);

// The ceremony fades each reveal in; a screenshot waits for it to finish.
const settled = (p) => p.waitForFunction(() => document.getAnimations().every((a) => a.playState === 'finished'));

// The ceremony as shown: progress, the card's kind and texts, the announcement.
function readCeremony(p) {
  return p.evaluate(() => {
    const get = (id) => document.querySelector(`[data-testid=${id}]`)?.textContent ?? null;
    return {
      progress: get('ceremony-progress'),
      intro: get('ceremony-intro') === null ? null : document.querySelector('.cer-intro-text').textContent,
      kind: document.querySelector('[data-testid=ceremony-card]')?.dataset.kind ?? null,
      prize: get('ceremony-prize'),
      category: get('ceremony-category'),
      name: get('ceremony-name'),
      unit: get('ceremony-unit'),
      block: get('ceremony-block'),
      figure: get('ceremony-figure'),
      end: get('ceremony-end') !== null,
      announced: get('ceremony-announcer'),
    };
  });
}

// What step `step` of `steps` must show, exactly.
function expected(steps, step, intro) {
  const n = steps.length;
  const none = { kind: null, prize: null, category: null, name: null, unit: null, block: null, figure: null };
  if (step === 0) return { progress: `0/${n}`, intro, ...none, end: false, announced: `Lễ công bố và trao giải. ${intro}` };
  const s = steps[step - 1];
  const end = step === n;
  const tail = end ? ' Đã công bố tất cả các giải. Xin chúc mừng!' : '';
  if (s.kind === 'collective') {
    return { progress: `${step}/${n}`, intro: null, ...none, kind: 'collective', prize: s.prize, name: s.name, block: s.block,
      figure: s.figure, end, announced: `${step}/${n}. ${s.prize}: ${s.name} (${s.block}), ${s.figure}.${tail}` };
  }
  return { progress: `${step}/${n}`, intro: null, ...none, kind: 'individual', prize: s.prize, category: s.category,
    name: s.name, unit: unitOf(s.name), end, announced: `${step}/${n}. ${s.prize}, ${s.category}: ${s.name}, ${unitOf(s.name)}, ` };
}

async function expectStep(p, steps, step, intro) {
  const shown = await readCeremony(p);
  const want = expected(steps, step, intro);
  // An individual's announcement ends on the score and time, checked elsewhere.
  if (want.kind === 'individual') {
    assert.ok(shown.announced.startsWith(want.announced), `step ${step}: ${shown.announced}`);
    shown.announced = want.announced;
  }
  assert.deepEqual(shown, want, `step ${step}`);
}

async function shot(p, name) {
  await settled(p);
  await screenshot(p, `ceremony-collective-${name}`);
}

// Walks the whole ceremony forward with the presenter's keys, checking every
// step, then back with ←, Backspace and Home.
async function walk(p, steps, intro, name) {
  await expectStep(p, steps, 0, intro);
  await shot(p, `${name}-intro`);
  const forward = ['ArrowRight', 'Space', 'Enter', 'PageDown', 'ArrowRight'];
  for (let i = 0; i < steps.length; i += 1) {
    await p.keyboard.press(forward[i % forward.length]);
    await expectStep(p, steps, i + 1, intro);
    if (steps[i].kind === 'collective') await shot(p, `${name}-${i + 1}`);
  }
  await shot(p, `${name}-end`);
  await p.keyboard.press('ArrowRight'); // past the end: stays on the last prize
  await expectStep(p, steps, steps.length, intro);
  for (let step = steps.length - 1; step >= 1; step -= 1) {
    await p.keyboard.press(step % 2 ? 'ArrowLeft' : 'Backspace');
    await expectStep(p, steps, step, intro);
  }
  await p.keyboard.press('ArrowLeft'); // back to the title card
  await expectStep(p, steps, 0, intro);
  await p.keyboard.press('ArrowLeft'); // before the start: stays there
  await expectStep(p, steps, 0, intro);
  // Home from the middle of the collective prizes, and from the individuals.
  for (const at of [2, steps.length - 1]) {
    for (let i = 0; i < at; i += 1) await p.keyboard.press('ArrowRight');
    await expectStep(p, steps, at, intro);
    await p.keyboard.press('Home');
    await expectStep(p, steps, 0, intro);
  }
}

before(async () => {
  stack = await startStack();
  await stack.importBank(BANK_FILE, 'cchc-2021-2030');
  await stack.createContest(CONFIG);
  await stack.addOrganiser(ADMIN.username, ADMIN.password);
  browser = await launchBrowser();
  token = (await api('POST', '/api/admin/login', ADMIN)).body.token;
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('nine people of four units enter two rounds with known scores', async () => {
  const driver = await newPage(browser, 'desktop');
  await driver.exposeFunction('choicesFor', (question, right) => choicesFor(question, key, right));
  await driver.goto(stack.url('/healthz'));
  const registered = new Set();
  for (const [i, id] of ['ky-1', 'ky-2'].entries()) {
    const here = PEOPLE.filter((p) => p.rounds[i] !== null).map((p) => ({ ...p, right: p.rounds[i] }));
    for (const returning of [true, false]) {
      const people = here.filter((p) => registered.has(p.name) === returning);
      if (people.length === 0) continue;
      const results = await enterRound(driver, people, { contest: CONTEST, round: id, returning });
      assert.deepEqual(results.map((r) => [r.name, r.score, r.status]), people.map((p) => [p.name, p.right, 'submitted']));
      for (const p of people) registered.add(p.name);
    }
  }
  assert.deepEqual(driver.errors.map(String), []);
  await driver.context().close();
});

test('ceremonies opened before publishing move on by themselves, counting the collective prizes', async () => {
  for (const [name, query] of [['round', 'round=ky-1'], ['final', 'final=1']]) {
    const p = await newPage(browser, 'desktop', { viewport: PROJECTOR });
    await p.goto(stack.url(`/results/ceremony.html?contest=${CONTEST}&${query}`));
    await p.getByTestId('not-published').waitFor();
    await subscribed(p);
    await p.evaluate(() => { window.notReloaded = true; });
    pages[name] = p;
  }
  for (const id of ['ky-1', 'ky-2']) {
    const base = `/api/admin/contests/${CONTEST}/rounds/${id}`;
    assert.equal((await api('POST', `${base}/close`)).status, 200);
    assert.equal((await finalize(`${base}/finalize`)).status, 200);
    assert.equal((await api('POST', `${base}/publish`)).status, 200);
  }
  // The published lines, as the ceremony reads them.
  const published = (await api('GET', `/api/contests/${CONTEST}/rounds/ky-1/results`)).body;
  assert.deepEqual(published.collective.map((c) => [c.name, c.place, c.unit, c.block, c.metric, c.participation_rate, c.entrants]), [
    ['Giải tập thể', 1, 'ubnd-phuong-1', 'xa-phuong', 'participation_rate', 0.6667, 2],
    ['Giải tập thể', 2, 'so-noi-vu', 'so-nganh', 'participation_rate', 0.5, 2],
  ]);
  await pages.round.getByTestId('ceremony-intro').waitFor();
  assert.equal(await pages.round.evaluate(() => window.notReloaded), true);
  await expectStep(pages.round, ROUND_STEPS, 0, ROUND_INTRO);
  assert.ok(await pages.final.getByTestId('not-published').isVisible(), 'the final is not out yet');

  assert.equal((await finalize(`/api/admin/contests/${CONTEST}/final/finalize`)).status, 200);
  assert.equal((await api('POST', `/api/admin/contests/${CONTEST}/final/publish`)).status, 200);
  const final = (await api('GET', `/api/contests/${CONTEST}/final/results`)).body;
  assert.deepEqual(final.collective.map((c) => [c.name, c.place, c.unit, c.metric, Math.round(c.metric_value * 100) / 100, c.entrants, c.prize_points]), [
    [WEIGHTED, 1, 'ubnd-phuong-1', 'weighted', 76.67, 2, 10],
    [WEIGHTED, 2, 'so-noi-vu', 'weighted', 60, 2, 10],
    [MOST, 1, 'ubnd-xa-binh-an', 'entrants', 3, 3, 0],
  ]);
  await pages.final.getByTestId('ceremony-intro').waitFor();
  assert.equal(await pages.final.evaluate(() => window.notReloaded), true);
  await expectStep(pages.final, FINAL_STEPS, 0, FINAL_INTRO);
  for (const p of Object.values(pages)) assert.deepEqual(p.errors.map(String), []);
});

test('the round: its collective prize from the second place up to the first, then the individual winners', async () => {
  const p = pages.round;
  await walk(p, ROUND_STEPS, ROUND_INTRO, 'round');
  assert.equal(await p.locator('[data-testid=ceremony-card][data-kind=collective] [data-testid=ceremony-category]').count(), 0);

  // English, on the first place: the prize's own name, English words and numbers.
  await p.keyboard.press('ArrowRight');
  await p.keyboard.press('ArrowRight');
  await p.getByTestId('lang-switch').click();
  const shown = await readCeremony(p);
  assert.deepEqual([shown.progress, shown.prize, shown.name, shown.block, shown.figure, shown.announced], [
    '2/5', 'Giải tập thể — Place 1', 'UBND Phường 1', 'Block: Xã, phường, thị trấn', 'Participation rate: 66.7%',
    '2/5. Giải tập thể — Place 1: UBND Phường 1 (Block: Xã, phường, thị trấn), Participation rate: 66.7%.',
  ]);
  await shot(p, 'round-en');
  await p.keyboard.press('Home');
  assert.equal((await readCeremony(p)).intro,
    '5 prizes will be announced: 2 collective prizes, then 3 individual prizes, from the lowest to the highest.');
  await p.getByTestId('lang-switch').click();
  await p.keyboard.press('ArrowRight');
  await expectStep(p, ROUND_STEPS, 1, ROUND_INTRO);
  await assertAccessible(p, 'ceremony-collective-round', { projector: PROJECTOR, phone: VIEWPORTS.phone });
  assert.deepEqual(p.errors.map(String), []);
});

test('the final: its contest-wide collective prizes, each from its last place up, then the individual winners', async () => {
  const p = pages.final;
  assert.equal((await p.getByTestId('ceremony-round').textContent()).trim(), 'Kết quả chung cuộc');
  await walk(p, FINAL_STEPS, FINAL_INTRO, 'final');
  // A fresh page straight from a link reads the same.
  const fresh = await newPage(browser, 'desktop', { viewport: PROJECTOR });
  await fresh.goto(stack.url(`/results/ceremony.html?contest=${CONTEST}&final=1`));
  await fresh.getByTestId('ceremony-intro').waitFor();
  await expectStep(fresh, FINAL_STEPS, 0, FINAL_INTRO);
  for (let i = 0; i < 3; i += 1) await fresh.keyboard.press('ArrowRight');
  await expectStep(fresh, FINAL_STEPS, 3, FINAL_INTRO);
  await fresh.getByTestId('lang-switch').click();
  assert.equal((await readCeremony(fresh)).figure, 'Entrants: 3');
  await fresh.keyboard.press('ArrowLeft');
  assert.equal((await readCeremony(fresh)).figure, 'Weighted score: 76.67');
  await fresh.getByTestId('lang-switch').click();
  await expectStep(fresh, FINAL_STEPS, 2, FINAL_INTRO);
  await assertAccessible(fresh, 'ceremony-collective-final', { projector: PROJECTOR, phone: VIEWPORTS.phone });
  assert.deepEqual([...p.errors, ...fresh.errors].map(String), []);
  await fresh.context().close();
});
