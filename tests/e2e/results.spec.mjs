// The public results page (/results/) and the ceremony view, end to end:
// six contestants in two categories enter a round over the WebSocket with
// answers chosen from the bank on disk (by their texts: an attempt's option
// ids are its own), so every score, the ranking and the
// winners are known in advance. Open pages see "not published", then the
// organiser closes, finalizes and publishes over the admin API and the pages
// show the exact results without a reload; the ceremony reveals the winners
// from the consolation prizes up to the first prizes with the keyboard.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdirSync, readFileSync } from 'node:fs';
import {
  startStack, launchBrowser, newPage, screenshot, isoFromNow, SOURCE_DIR, SCREENSHOT_DIR,
} from './support/stack.mjs';
import { rightTexts, choicesFor } from './support/answers.mjs';
import { enterRound } from './support/entries.mjs';

const BANK_FILE = path.join(SOURCE_DIR, 'question_banks/cchc-2021-2030.vi.json');
const bank = JSON.parse(readFileSync(BANK_FILE, 'utf8'));
const key = rightTexts(bank);

const CONTEST = 'ket-qua-thu';
const ROUND = 'ky-1';
const QUESTIONS = 5;
const ADMIN = { username: 'bantochuc', password: 'mật-khẩu-thử-1' };

const prizes = (category) => ({
  category,
  tiers: [{ name: 'Giải Nhất', count: 1 }, { name: 'Giải Nhì', count: 1 }, { name: 'Giải Khuyến khích', count: 2 }],
});

const CONFIG = {
  id: CONTEST,
  title: 'Cuộc thi tìm hiểu cải cách hành chính (thử kết quả)',
  timezone: 'Asia/Ho_Chi_Minh',
  categories: [{ id: 'cbccvc', name: 'Cán bộ, công chức, viên chức' }, { id: 'nhan-dan', name: 'Nhân dân' }],
  units: [
    { id: 'so-noi-vu', name: 'Sở Nội vụ', block: 'so-nganh', headcount: 10 },
    { id: 'so-tu-phap', name: 'Sở Tư pháp', block: 'so-nganh', headcount: 8 },
    { id: 'ubnd-phuong-1', name: 'UBND Phường 1', block: 'xa-phuong', headcount: 4 },
  ],
  rounds: [
    {
      id: ROUND, title: 'Kỳ 1', opens_at: isoFromNow(-1), closes_at: isoFromNow(30),
      bank: 'cchc-2021-2030', draw: { count: QUESTIONS }, time_limit_s: 300, attempts: 1,
      prediction: { prompt: 'Dự đoán có bao nhiêu bài thi trả lời đúng tất cả các câu hỏi?', target: 'perfect_entries' },
      prizes: [prizes('cbccvc'), prizes('nhan-dan')],
    },
    {
      id: 'ky-2', title: 'Kỳ 2', opens_at: isoFromNow(60), closes_at: isoFromNow(120),
      bank: 'cchc-2021-2030', draw: { count: QUESTIONS }, time_limit_s: 300,
    },
  ],
  collective_prizes: [{ name: 'Giải tập thể', count: 2, metric: 'participation_rate', block: null }],
};

// A second contest, so the page has a real choice of contests to offer.
const OTHER = {
  id: 'cuoc-thi-khac', title: 'Cuộc thi khác', categories: [{ id: 'nhan-dan', name: 'Nhân dân' }],
  units: [{ id: 'so-noi-vu', name: 'Sở Nội vụ', headcount: 5 }],
  rounds: [{ id: 'vong-1', title: 'Vòng 1', opens_at: isoFromNow(-1), closes_at: isoFromNow(30),
    bank: 'cchc-2021-2030', draw: { count: QUESTIONS }, time_limit_s: 300 }],
};

// `right` questions answered right, the rest wrong: scores differ within each
// category, so the ranking (score first) is known.
const PEOPLE = [
  { name: 'Nguyễn Văn An', phone: '0901234561', masked: '090****561', unit: 'so-noi-vu', category: 'cbccvc', right: 5, prediction: 2 },
  { name: 'Trần Thị Bình', phone: '0912345672', masked: '091****672', unit: 'so-tu-phap', category: 'cbccvc', right: 4, prediction: 3 },
  { name: 'Lê Văn Cường', phone: '0933456783', masked: '093****783', unit: 'so-noi-vu', category: 'cbccvc', right: 2, prediction: 1 },
  { name: 'Phạm Thị Dung', phone: '0944567894', masked: '094****894', unit: 'ubnd-phuong-1', category: 'nhan-dan', right: 5, prediction: 4 },
  { name: 'Hoàng Văn Em', phone: '0355678905', masked: '035****905', unit: 'so-noi-vu', category: 'nhan-dan', right: 3, prediction: 2 },
  { name: 'Vũ Thị Giang', phone: '0866789016', masked: '086****016', unit: 'ubnd-phuong-1', category: 'nhan-dan', right: 0, prediction: 6 },
];
const person = (name) => PEOPLE.find((p) => p.name === name);
const UNIT_NAME = Object.fromEntries(CONFIG.units.map((u) => [u.id, u.name]));

let stack;
let browser;
let driver;       // a page on the gateway's origin that runs the contestants' WebSockets
let adminToken;
const pages = {}; // the pages opened before publishing, checked after

async function adminApi(method, p, body) {
  const res = await fetch(stack.url(p), {
    method,
    headers: { 'Content-Type': 'application/json', ...(adminToken ? { Authorization: `Bearer ${adminToken}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const enter = (people) => enterRound(driver, people, { contest: CONTEST, round: ROUND });

// The page's WebSocket is connected and subscribed to the contest's pushes.
const subscribed = (page) => page.waitForFunction((contest) => {
  const banner = document.querySelector('[data-testid=connection]');
  return banner.dataset.state === 'online' && (banner.dataset.subscribed || '').split(' ').includes(contest);
}, CONTEST);

// The ceremony fades each reveal in; a screenshot waits for it to finish.
const settled = (page) => page.waitForFunction(() => document.getAnimations().every((a) => a.playState === 'finished'));

const text = (page, testid) => page.getByTestId(testid).first().textContent();

// What the results page shows of the winners: category -> prize -> people.
function readWinners(page) {
  return page.evaluate(() => [...document.querySelectorAll('[data-testid=winner-category]')].map((section) => ({
    category: section.dataset.category,
    heading: section.querySelector('h3').textContent,
    prizes: [...section.querySelectorAll('[data-testid=prize-group]')].map((group) => ({
      prize: group.dataset.prize,
      winners: [...group.querySelectorAll('[data-testid=winner]')].map((w) => ({
        name: w.querySelector('[data-testid=winner-name]').textContent,
        unit: w.querySelector('[data-testid=winner-unit]').textContent,
        score: w.querySelector('[data-testid=winner-score]').textContent,
        phone: w.querySelector('[data-testid=winner-phone]').textContent,
      })),
    })),
  })));
}

function expectedWinner(name) {
  const p = person(name);
  return { name, unit: UNIT_NAME[p.unit], score: `${p.right}/${QUESTIONS} điểm`, phone: p.masked };
}

function readRows(page, testid) {
  return page.evaluate((id) => [...document.querySelectorAll(`[data-testid=${id}] tbody tr`)]
    .map((tr) => [...tr.children].map((cell) => cell.textContent.trim())), testid);
}

// The ceremony as shown: the progress and, past the title card, the reveal.
async function readCeremony(page) {
  return page.evaluate(() => {
    const get = (id) => document.querySelector(`[data-testid=${id}]`)?.textContent ?? null;
    return {
      progress: get('ceremony-progress'),
      intro: Boolean(document.querySelector('[data-testid=ceremony-intro]')),
      prize: get('ceremony-prize'),
      category: get('ceremony-category'),
      name: get('ceremony-name'),
      unit: get('ceremony-unit'),
      figure: get('ceremony-figure'),
      announced: get('ceremony-announcer'),
    };
  });
}

before(async () => {
  stack = await startStack();
  await stack.importBank(BANK_FILE, 'cchc-2021-2030');
  await stack.createContest(CONFIG);
  await stack.createContest(OTHER);
  await stack.addOrganiser(ADMIN.username, ADMIN.password);
  browser = await launchBrowser();
  driver = await newPage(browser, 'desktop');
  await driver.exposeFunction('choicesFor', (question, right) => choicesFor(question, key, right));
  await driver.goto(stack.url('/healthz'));
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('contestants enter with known scores', async () => {
  const results = await enter(PEOPLE);
  assert.deepEqual(results, PEOPLE.map((p) => ({ name: p.name, score: p.right, max: QUESTIONS, status: 'submitted' })));
});

test('before publishing: pickers, and "not published" at phone and desktop widths', async () => {
  // Phone: no contest or round in the link, so both are chosen in the pickers.
  const phone = await newPage(browser, 'phone');
  await phone.goto(stack.url('/results/'));
  await phone.getByTestId('pick-hint').waitFor();
  assert.equal(await phone.locator('#contest-select option').count(), 3);
  await phone.selectOption('#contest-select', CONTEST);
  await phone.waitForFunction(() => document.querySelectorAll('#round-select option').length === 3);
  assert.deepEqual(await phone.locator('#round-select option').allTextContents(),
    ['— Chọn kỳ thi —', 'Kỳ 1 · chưa công bố', 'Kỳ 2 · chưa mở']);
  await phone.selectOption('#round-select', ROUND);
  await phone.getByTestId('not-published').waitFor();
  assert.match(await text(phone, 'not-published'), /Kết quả của Kỳ 1 chưa công bố\./);
  assert.equal(new URL(phone.url()).search, `?contest=${CONTEST}&round=${ROUND}`);
  await screenshot(phone, 'results-not-published-phone');

  // Desktop: straight from a link.
  const desktop = await newPage(browser, 'desktop');
  await desktop.goto(stack.url(`/results/?contest=${CONTEST}&round=${ROUND}`));
  await desktop.getByTestId('not-published').waitFor();
  assert.equal(await desktop.locator('#round-select').inputValue(), ROUND);
  await screenshot(desktop, 'results-not-published-desktop');

  // A page on another round, and the ceremony waiting for this one.
  const other = await newPage(browser, 'desktop');
  await other.goto(stack.url(`/results/?contest=${CONTEST}&round=ky-2`));
  await other.getByTestId('not-published').waitFor();
  const ceremony = await newPage(browser, 'desktop');
  await ceremony.goto(stack.url(`/results/ceremony.html?contest=${CONTEST}&round=${ROUND}`));
  await ceremony.getByTestId('not-published').waitFor();

  // Each page must be live (subscribed) before the organiser publishes.
  for (const page of [phone, desktop, other, ceremony]) {
    await subscribed(page);
    await page.evaluate(() => { window.notReloaded = true; });
  }
  Object.assign(pages, { phone, desktop, other, ceremony });
});

test('publishing updates the open pages live with the exact results', async () => {
  // A server restart first: the open pages reconnect and subscribe again.
  await stack.restartGateway();
  for (const page of Object.values(pages)) await subscribed(page);
  let res = await adminApi('POST', '/api/admin/login', ADMIN);
  assert.equal(res.status, 200);
  adminToken = res.body.token;
  const base = `/api/admin/contests/${CONTEST}/rounds/${ROUND}`;
  res = await adminApi('POST', `${base}/close`);
  assert.equal(res.status, 200);
  // Finalize answers 503 while attempts are still being closed.
  const end = Date.now() + 10000;
  do {
    res = await adminApi('POST', `${base}/finalize`);
    if (res.status !== 503) break;
    await new Promise((r) => setTimeout(r, 200));
  } while (Date.now() < end);
  assert.equal(res.status, 200);
  // Still "not published" between finalize and publish.
  assert.ok(await pages.desktop.getByTestId('not-published').isVisible());
  res = await adminApi('POST', `${base}/publish`);
  assert.equal(res.status, 200);

  for (const page of [pages.phone, pages.desktop]) {
    await page.getByTestId('summary-entries').waitFor();
    assert.equal(await page.evaluate(() => window.notReloaded), true, 'the page was not reloaded');
    assert.equal(await page.getByTestId('not-published').count(), 0);
    assert.equal(await text(page, 'results-title'), 'Kết quả Kỳ 1');
    assert.equal(await text(page, 'summary-entries'), '6');
    assert.equal(await text(page, 'summary-entrants'), '6');
    assert.equal(await text(page, 'summary-perfect'), '2');
    assert.equal(await text(page, 'summary-perfect-share'), '33,3% số bài thi');
    assert.equal(await text(page, 'summary-max-score'), '5');
    assert.equal(await text(page, 'summary-prediction-prompt'), CONFIG.rounds[0].prediction.prompt);
    assert.equal(await text(page, 'summary-true-value'), '2');
    assert.deepEqual(await readRows(page, 'by-category'),
      [['Cán bộ, công chức, viên chức', '3', '3'], ['Nhân dân', '3', '3']]);
    // Score bands: 5/5 twice, 4/5, 2/5 and 3/5, 0/5.
    assert.deepEqual(await readRows(page, 'score-bands'), [
      ['Đúng tất cả (100%)', '2 bài (33,3%)'],
      ['Từ 75% đến dưới 100%', '1 bài (16,7%)'],
      ['Từ 25% đến dưới 75%', '2 bài (33,3%)'],
      ['Dưới 25%', '1 bài (16,7%)'],
    ]);
    // The chart puts the highest rate first; the table keeps the units' order.
    assert.deepEqual(await readRows(page, 'participation-chart'), [
      ['UBND Phường 1', '50% (2/4)'], ['Sở Nội vụ', '30% (3/10)'], ['Sở Tư pháp', '12,5% (1/8)'],
    ]);
    assert.deepEqual(await readRows(page, 'participation-table'), [
      ['Sở Nội vụ', 'so-nganh', '3', '3', '10', '30%'],
      ['Sở Tư pháp', 'so-nganh', '1', '1', '8', '12,5%'],
      ['UBND Phường 1', 'xa-phuong', '2', '2', '4', '50%'],
    ]);
    assert.deepEqual(await readWinners(page), [
      { category: 'cbccvc', heading: 'Cán bộ, công chức, viên chức', prizes: [
        { prize: 'Giải Nhất', winners: [expectedWinner('Nguyễn Văn An')] },
        { prize: 'Giải Nhì', winners: [expectedWinner('Trần Thị Bình')] },
        { prize: 'Giải Khuyến khích', winners: [expectedWinner('Lê Văn Cường')] },
      ] },
      { category: 'nhan-dan', heading: 'Nhân dân', prizes: [
        { prize: 'Giải Nhất', winners: [expectedWinner('Phạm Thị Dung')] },
        { prize: 'Giải Nhì', winners: [expectedWinner('Hoàng Văn Em')] },
        { prize: 'Giải Khuyến khích', winners: [expectedWinner('Vũ Thị Giang')] },
      ] },
    ]);
    // Collective: the two highest participation rates.
    assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('[data-testid=collective-item]')].map((li) => [
      li.closest('[data-prize]').dataset.prize,
      ...['collective-place', 'collective-unit', 'collective-metric', 'collective-entrants', 'collective-entries']
        .map((id) => li.querySelector(`[data-testid=${id}]`).textContent),
    ])), [
      ['Giải tập thể', 'Hạng 1', 'UBND Phường 1', '50%', '2', '2'],
      ['Giải tập thể', 'Hạng 2', 'Sở Nội vụ', '30%', '3', '3'],
    ]);
    // Only masked phones: no full number, in any spelling, anywhere in the page.
    const html = await page.content();
    const digits = html.replace(/[\s.\-()]/g, '');
    for (const p of PEOPLE) {
      assert.ok(!digits.includes(p.phone) && !digits.includes(`84${p.phone.slice(1)}`), `${p.name}'s phone leaked`);
      assert.ok(html.includes(p.masked));
    }
    assert.equal(await page.locator('#round-select option:checked').textContent(), 'Kỳ 1 · đã công bố');
    assert.deepEqual(page.errors, []);
  }
  await screenshot(pages.phone, 'results-summary-phone');
  await screenshot(pages.desktop, 'results-summary-desktop');
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await pages.phone.locator('#winners').screenshot({ path: path.join(SCREENSHOT_DIR, 'results-winners-phone.png') });
  await pages.desktop.locator('#winners').screenshot({ path: path.join(SCREENSHOT_DIR, 'results-winners-desktop.png') });

  // The page on another round: told, and the round selectable.
  const other = pages.other;
  await other.getByTestId('fresh-notice').waitFor();
  assert.equal(await other.evaluate(() => window.notReloaded), true);
  assert.match(await text(other, 'fresh-notice'), /Kết quả của Kỳ 1 vừa được công bố\./);
  assert.ok(await other.getByTestId('not-published').isVisible(), 'still on Kỳ 2');
  assert.deepEqual(await other.locator('#round-select option').allTextContents(),
    ['— Chọn kỳ thi —', 'Kỳ 1 · đã công bố', 'Kỳ 2 · chưa mở']);
  await other.getByTestId('fresh-show').click();
  await other.getByTestId('summary-entries').waitFor();
  assert.equal(new URL(other.url()).search, `?contest=${CONTEST}&round=${ROUND}`);
  assert.equal(await other.getByTestId('fresh-notice').count(), 0);

  // English: the same figures with English words and numbers.
  await pages.desktop.getByTestId('lang-switch').click();
  assert.equal(await pages.desktop.locator('#winners-heading').textContent(), 'Winners');
  assert.equal(await text(pages.desktop, 'results-title'), 'Results of Kỳ 1');
  assert.equal(await text(pages.desktop, 'summary-perfect-share'), '33.3% of entries');
  assert.equal(await pages.desktop.locator('html').getAttribute('lang'), 'en');
  assert.deepEqual([...other.errors, ...pages.desktop.errors].map(String), []);
});

test('the ceremony reveals the collective prizes, then the winners from consolation up to first, with the keyboard', async () => {
  // The ceremony page opened before publishing moved on by itself.
  const page = pages.ceremony;
  await page.getByTestId('ceremony-intro').waitFor();
  assert.equal(await page.evaluate(() => window.notReloaded), true);

  // The collective prize from its last place up (ceremony_collective.spec.mjs
  // checks those cards in full), then tier by tier from the lowest, each
  // tier across the categories in order.
  const collective = [
    ['Giải tập thể — Hạng 2', 'Sở Nội vụ', 'Tỷ lệ tham gia: 30%'],
    ['Giải tập thể — Hạng 1', 'UBND Phường 1', 'Tỷ lệ tham gia: 50%'],
  ];
  const order = [
    ['Giải Khuyến khích', 'Cán bộ, công chức, viên chức', 'Lê Văn Cường'],
    ['Giải Khuyến khích', 'Nhân dân', 'Vũ Thị Giang'],
    ['Giải Nhì', 'Cán bộ, công chức, viên chức', 'Trần Thị Bình'],
    ['Giải Nhì', 'Nhân dân', 'Hoàng Văn Em'],
    ['Giải Nhất', 'Cán bộ, công chức, viên chức', 'Nguyễn Văn An'],
    ['Giải Nhất', 'Nhân dân', 'Phạm Thị Dung'],
  ];
  const expectStep = async (step) => {
    const shown = await readCeremony(page);
    assert.equal(shown.progress, `${step}/8`);
    if (step === 0) {
      assert.equal(shown.intro, true);
      assert.equal(shown.name, null);
      return;
    }
    if (step <= collective.length) {
      const [prize, name, figure] = collective[step - 1];
      assert.deepEqual({ prize: shown.prize, category: shown.category, name: shown.name, figure: shown.figure },
        { prize, category: null, name, figure });
      assert.equal(shown.announced, `${step}/8. ${prize}: ${name}, ${figure}.`);
      return;
    }
    const [prize, category, name] = order[step - 1 - collective.length];
    assert.deepEqual({ prize: shown.prize, category: shown.category, name: shown.name, unit: shown.unit },
      { prize, category, name, unit: UNIT_NAME[person(name).unit] });
    assert.ok(shown.announced.startsWith(`${step}/8. ${prize}, ${category}: ${name}, `), shown.announced);
  };

  await expectStep(0);
  const keys = ['ArrowRight', 'Space', 'Enter', 'ArrowRight', 'PageDown', 'ArrowRight', 'Space', 'ArrowRight'];
  for (let i = 0; i < keys.length; i += 1) {
    await page.keyboard.press(keys[i]);
    await expectStep(i + 1);
    if (i === collective.length) {
      await settled(page);
      await screenshot(page, 'ceremony-reveal-desktop');
    }
  }
  assert.ok((await text(page, 'ceremony-end')).includes('Đã công bố tất cả các giải'));
  await page.keyboard.press('ArrowRight'); // past the end: stays on the first prize
  await expectStep(8);
  await page.keyboard.press('ArrowLeft');
  await expectStep(7);
  await page.keyboard.press('Backspace');
  await expectStep(6);
  await page.keyboard.press('Home');
  await expectStep(0);
  await page.keyboard.press('ArrowLeft'); // before the start: stays on the title card
  await expectStep(0);
  // The on-screen buttons do the same for touch and mouse.
  await page.getByTestId('ceremony-next').click();
  await expectStep(1);
  await page.getByTestId('ceremony-back').click();
  await expectStep(0);
  // F asks for full screen (and again leaves it).
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('f');
  await page.waitForFunction(() => document.fullscreenElement !== null);
  await page.keyboard.press('f');
  await page.waitForFunction(() => document.fullscreenElement === null);
  const shown = await page.content();
  for (const p of PEOPLE) assert.ok(!shown.includes(p.phone) && !shown.includes(p.masked), 'no phone on the projector');
  assert.deepEqual(page.errors, []);

  // A phone, straight from the results page's link.
  const phone = pages.phone;
  await phone.getByTestId('ceremony-link').click();
  await phone.getByTestId('ceremony-intro').waitFor();
  assert.equal(new URL(phone.url()).pathname, '/results/ceremony.html');
  for (let i = 0; i < 4; i += 1) await phone.keyboard.press('ArrowRight');
  assert.equal(await text(phone, 'ceremony-progress'), '4/8');
  assert.equal(await text(phone, 'ceremony-name'), 'Vũ Thị Giang');
  await settled(phone);
  await screenshot(phone, 'ceremony-reveal-phone');
  assert.deepEqual(phone.errors, []);

  // The projector: 1920×1080, the last reveal, and the English switch.
  const projector = await newPage(browser, 'desktop', { viewport: { width: 1920, height: 1080 } });
  await projector.goto(stack.url(`/results/ceremony.html?contest=${CONTEST}&round=${ROUND}`));
  await projector.getByTestId('ceremony-intro').waitFor();
  await settled(projector);
  await screenshot(projector, 'ceremony-intro-projector');
  for (let i = 0; i < 8; i += 1) await projector.keyboard.press('ArrowRight');
  assert.equal(await text(projector, 'ceremony-name'), 'Phạm Thị Dung');
  assert.match(await text(projector, 'ceremony-score'), /^5\/5 điểm · [\d,]+ giây$/);
  await settled(projector);
  await screenshot(projector, 'ceremony-reveal-projector');
  await projector.getByTestId('lang-switch').click();
  assert.equal(await text(projector, 'ceremony-progress'), '8/8');
  assert.match(await text(projector, 'ceremony-score'), /^5\/5 points · /);
  assert.match(await text(projector, 'ceremony-keys'), /next prize/);
  assert.deepEqual(projector.errors, []);
});
