// The results notice, end to end: a contest with a notice heading (Decree
// 30/2020/NĐ-CP's layout), prize money on most tiers, two rounds and a final
// ranking across them. Six people enter both rounds over the WebSocket with
// known scores; the rounds and the final are closed, finalized and
// published over the admin API; then the public results page prints each as
// an A4 notice: Chromium's own PDF of the page, read back with pdftotext and
// pdfinfo (heading, number, date, title, the winners in prize order, the
// signature, no phone number, A4, the pages), a round without its own
// number and date leaves the number blank and is dated by its publication,
// and a contest without a heading offers no print button. On the dashboard
// the organiser opens the page to print from each published round and
// downloads the contest's winners list with the prize money (XLSX, read
// back with unzip); a viewer gets the link but not the list.
//
//   cd tests/e2e && REFORMQUIZ_BUILD_DIR=/path/to/build node --test notice.spec.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import {
  startStack, launchBrowser, newPage, screenshot, isoFromNow, VIEWPORTS, SOURCE_DIR, SCREENSHOT_DIR,
} from './support/stack.mjs';
import { rightTexts, choicesFor } from './support/answers.mjs';
import { enterRound } from './support/entries.mjs';
import { assertAccessible } from './support/axe.mjs';

const BANK_FILE = path.join(SOURCE_DIR, 'question_banks/cchc-2021-2030.vi.json');
const key = rightTexts(JSON.parse(readFileSync(BANK_FILE, 'utf8')));
const CONTEST = 'thong-bao-thu';
const QUESTIONS = 5;
const ADMIN = { username: 'bantochuc', password: 'mật-khẩu-thử-1' };
const VIEWER = { username: 'lanh-dao', password: 'mat-khau-lanh-dao' };

const NOTICE = {
  parent_body: 'UBND TỈNH QUẢNG NAM',
  issuing_body: 'BAN TỔ CHỨC CUỘC THI',
  place: 'Quảng Nam',
  signer_capacity: 'TM. BAN TỔ CHỨC',
  signer_title: 'TRƯỞNG BAN',
  signer_name: 'Nguyễn Văn An',
  recipients: ['Các sở, ban, ngành', 'UBND các huyện, thị xã, thành phố', 'Lưu: VT'],
};

const round = (id, n, extra) => ({
  id, title: `Kỳ ${n}`, opens_at: isoFromNow(-1), closes_at: isoFromNow(60),
  bank: 'cchc-2021-2030', draw: { count: QUESTIONS }, time_limit_s: 300, attempts: 1, ...extra,
});

const CONFIG = {
  id: CONTEST,
  title: 'Cuộc thi tìm hiểu cải cách hành chính tỉnh Quảng Nam năm 2026',
  categories: [{ id: 'cbccvc', name: 'Cán bộ, công chức, viên chức' }, { id: 'nhan-dan', name: 'Nhân dân' }],
  units: [
    { id: 'so-noi-vu', name: 'Sở Nội vụ', headcount: 10 },
    { id: 'so-tu-phap', name: 'Sở Tư pháp', headcount: 8 },
    { id: 'ubnd-phuong-1', name: 'UBND Phường 1', headcount: 4 },
  ],
  notice: NOTICE,
  rounds: [
    round('ky-1', 1, {
      prediction: { prompt: 'Dự đoán có bao nhiêu bài thi trả lời đúng tất cả các câu hỏi?', target: 'perfect_entries' },
      notice: { number: '15/TB-BTC', date: '2026-12-10' },
      // Giải Ba names no amount: the winners list counts it as unpriced.
      prizes: [
        { category: 'cbccvc', tiers: [{ name: 'Giải Nhất', count: 1, amount: 3000000 },
          { name: 'Giải Nhì', count: 1, amount: 2000000 }, { name: 'Giải Ba', count: 1 }] },
        { category: 'nhan-dan', tiers: [{ name: 'Giải Nhất', count: 1, amount: 3000000 }] },
      ],
    }),
    // Neither number nor date: the clerk writes the number, the day of
    // publication dates it.
    round('ky-2', 2, { prizes: [{ category: 'cbccvc', tiers: [{ name: 'Giải Nhất', count: 1, amount: 1000000 }] }] }),
  ],
  final: {
    title: 'Kết quả chung cuộc', rounds: ['ky-1', 'ky-2'], combine: 'sum',
    notice: { number: '20/TB-BTC' },
    prizes: [{ category: 'cbccvc', tiers: [{ name: 'Giải Nhất', count: 1, amount: 5000000 }] }],
  },
  collective_prizes: [{ name: 'Giải tập thể', count: 2, metric: 'participation_rate', block: null }],
};

// A contest without a notice heading: its results print plainly.
const PLAIN = {
  id: 'khong-thong-bao', title: 'Cuộc thi không in thông báo', categories: [{ id: 'nhan-dan', name: 'Nhân dân' }],
  units: [{ id: 'so-noi-vu', name: 'Sở Nội vụ', headcount: 5 }],
  rounds: [round('vong-1', 1, { prizes: [{ category: 'nhan-dan', tiers: [{ name: 'Giải Nhất', count: 1 }] }] })],
};

// Right answers in each round; scores differ within a category, so the
// order is the scores'. Kỳ 1: Hải, Lan, Minh win cbccvc; Em wins nhan-dan
// (Hải ranks above Em on the prediction: the true value is 2 perfect entries).
// Kỳ 2: Lan. The final (sum): Lan 9 first, Hải and Em 8, Minh 7 — Lan wins.
const PEOPLE = [
  { name: 'Phan Văn Hải', phone: '0901234561', unit: 'so-noi-vu', category: 'cbccvc', rounds: [5, 3], prediction: 2 },
  { name: 'Trần Thị Lan', phone: '0912345672', unit: 'so-tu-phap', category: 'cbccvc', rounds: [4, 5], prediction: 3 },
  { name: 'Lê Văn Minh', phone: '0933456783', unit: 'so-noi-vu', category: 'cbccvc', rounds: [3, 4], prediction: 1 },
  { name: 'Đặng Thị Dung', phone: '0944567894', unit: 'so-tu-phap', category: 'cbccvc', rounds: [1, 2], prediction: 4 },
  { name: 'Hoàng Văn Em', phone: '0355678905', unit: 'ubnd-phuong-1', category: 'nhan-dan', rounds: [5, 3], prediction: 3 },
  { name: 'Vũ Thị Giang', phone: '0866789016', unit: 'ubnd-phuong-1', category: 'nhan-dan', rounds: [2, 1], prediction: 6 },
];
const [HAI, LAN, MINH, , EM] = PEOPLE.map((p) => p.name);
const person = (name) => PEOPLE.find((p) => p.name === name);
const UNIT_NAME = Object.fromEntries(CONFIG.units.map((u) => [u.id, u.name]));

let stack;
let browser;
let token;

async function api(method, p, body) {
  const res = await fetch(stack.url(p), {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

// Close, finalize (503 while attempts are still being closed) and publish.
async function publishRound(contest, id) {
  const base = `/api/admin/contests/${contest}/rounds/${id}`;
  assert.equal((await api('POST', `${base}/close`)).status, 200);
  const end = Date.now() + 10000;
  let res;
  do {
    res = await api('POST', `${base}/finalize`);
    if (res.status !== 503) break;
    await new Promise((r) => setTimeout(r, 200));
  } while (Date.now() < end);
  assert.equal(res.status, 200);
  assert.equal((await api('POST', `${base}/publish`)).status, 200);
}

const view = async () => (await fetch(stack.url(`/api/contests/${CONTEST}`))).json();

// "Quảng Nam, ngày 05 tháng 02 năm 2026": the day in Vietnam time, written
// as Decree 30 writes dates (a 0 before days under 10 and months 1 and 2).
function noticeDate(ms) {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: 'numeric', day: 'numeric' })
    .formatToParts(new Date(ms));
  const part = (type) => Number(parts.find((p) => p.type === type).value);
  const month = part('month');
  return `Quảng Nam, ngày ${String(part('day')).padStart(2, '0')} tháng ${month < 3 ? `0${month}` : month} năm ${part('year')}`;
}

// The page printed to PDF by Chromium, as on paper: the file (name.pdf in
// the screenshots folder), pdftotext's layout text of it (whole and per
// page), pdfinfo's fields, and PNGs of its pages beside it
// (name-page-1.png, …).
async function printPdf(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const f of readdirSync(SCREENSHOT_DIR).filter((f) => f.startsWith(`${name}-page-`))) rmSync(path.join(SCREENSHOT_DIR, f));
  const file = path.join(SCREENSHOT_DIR, `${name}.pdf`);
  await page.pdf({ path: file, format: 'A4', printBackground: true, preferCSSPageSize: true });
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const info = Object.fromEntries(execFileSync('pdfinfo', [file], { encoding: 'utf8' }).split('\n')
    .filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
  const pages = Number(info.Pages);
  const perPage = [];
  for (let n = 1; n <= pages; n += 1) {
    perPage.push(execFileSync('pdftotext', ['-layout', '-f', String(n), '-l', String(n), file, '-'], { encoding: 'utf8' }));
  }
  execFileSync('pdftoppm', ['-r', '72', '-png', file, path.join(SCREENSHOT_DIR, `${name}-page`)]);
  // pdftoppm numbers pages with as many digits as the last one needs.
  for (const f of readdirSync(SCREENSHOT_DIR).filter((f) => f.startsWith(`${name}-page-`))) {
    renameSync(path.join(SCREENSHOT_DIR, f), path.join(SCREENSHOT_DIR, f.replace(/-0+(\d)/, '-$1')));
  }
  // Every word's box, for the margins.
  const bbox = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  const words = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)]
    .map((m) => ({ xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), text: m[5] }));
  return { file, text, flat: text.replace(/\s+/g, ' '), info, pages, perPage, words };
}

// The PDF's lines holding each [prize, name], one line per winner, in
// order down the notice.
function winnerLines(text, expected) {
  const lines = text.split('\n');
  let at = -1;
  return expected.map(([prize, name]) => {
    const found = lines.findIndex((l, i) => i > at && l.includes(name));
    assert.ok(found > at, `${name} after the previous winner`);
    assert.ok(lines[found].includes(prize), `${name}'s line names ${prize}: ${lines[found]}`);
    at = found;
    return lines[found].replace(/\s+/g, ' ').trim();
  });
}

// Nothing of a phone reaches paper: neither a number nor the screen's
// masked form.
function assertNoPhones(pdf) {
  const digits = pdf.text.replace(/[\s.\-()]/g, '');
  for (const p of PEOPLE) {
    assert.ok(!digits.includes(p.phone) && !digits.includes(`84${p.phone.slice(1)}`), `${p.name}'s phone is in the PDF`);
  }
  assert.doesNotMatch(pdf.text, /\d{3}\*+\d{3}/, 'no masked phone either');
}

// A4 from the page's own @page rule (210 × 297 mm is 595.276 × 841.89 pt;
// Chromium rounds to its pixels, and without the rule `format: 'A4'` would
// give 595.92 × 842.88), the margins of Decree 30 (30 mm left, 15 mm right,
// 20 mm top and bottom): every word inside them, the left edge used; page
// numbers from the second page, centred in the top margin.
function assertA4(pdf) {
  const size = /^([\d.]+) x ([\d.]+) pts \(A4\)$/.exec(pdf.info['Page size']);
  assert.ok(size, `pdfinfo: ${pdf.info['Page size']}`);
  assert.ok(Math.abs(Number(size[1]) - 595.276) < 0.5 && Math.abs(Number(size[2]) - 841.89) < 0.5, `A4 from CSS: ${size[0]}`);
  const mm = 72 / 25.4;
  const body = pdf.words.filter((w) => w.yMin > 20 * mm - 1);
  assert.ok(Math.abs(Math.min(...body.map((w) => w.xMin)) - 30 * mm) < 1.5, 'text starts at the 30 mm left margin');
  assert.ok(Math.max(...body.map((w) => w.xMax)) <= 595.276 - 15 * mm + 1, 'nothing in the 15 mm right margin');
  assert.ok(Math.max(...body.map((w) => w.yMax)) <= 841.89 - 20 * mm + 1, 'nothing in the 20 mm bottom margin');
  assert.equal(pdf.perPage[0].trim().split('\n')[0].trim().startsWith('UBND TỈNH QUẢNG NAM'), true, 'no number on page 1');
  for (let n = 2; n <= pdf.pages; n += 1) assert.equal(pdf.perPage[n - 1].trim().split('\n')[0].trim(), String(n), `page ${n} numbered`);
}

// The heading and signature every printed notice of this contest has.
function assertHeading(pdf) {
  for (const line of ['UBND TỈNH QUẢNG NAM', 'BAN TỔ CHỨC CUỘC THI', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'Độc lập - Tự do - Hạnh phúc', 'THÔNG BÁO', 'TM. BAN TỔ CHỨC', 'TRƯỞNG BAN', 'Nguyễn Văn An', 'Nơi nhận:',
    '- Các sở, ban, ngành;', '- UBND các huyện, thị xã, thành phố;', '- Lưu: VT.']) {
    assert.ok(pdf.text.includes(line), `the PDF has “${line}”`);
  }
  assert.equal(pdf.text, pdf.text.normalize('NFC'), 'the PDF text is NFC');
  // The left column over the right on the heading's lines.
  const first = pdf.perPage[0].split('\n').map((l) => l.trim()).filter(Boolean);
  assert.match(first[0], /^UBND TỈNH QUẢNG NAM\s+CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM$/);
  assert.match(first[1], /^BAN TỔ CHỨC CUỘC THI\s+Độc lập - Tự do - Hạnh phúc$/);
  // The signature last: capacity, title, room for the seal, name.
  const lines = pdf.text.split('\n').map((l) => l.trim()).filter(Boolean);
  const end = lines.slice(-6).join('\n');
  assert.match(end, /TM\. BAN TỔ CHỨC[\s\S]*TRƯỞNG BAN[\s\S]*Nguyễn Văn An$/);
}


async function signIn(p, username, password) {
  await p.goto(stack.url(`/admin/#contests/${CONTEST}`));
  await p.locator('[data-testid="login-username"]').fill(username);
  await p.locator('[data-testid="login-password"]').fill(password);
  await p.locator('[data-testid="login-submit"]').click();
  await p.waitForFunction((id) => document.querySelector(`[data-testid="contest-${id}"]`)?.open === true, CONTEST);
}

// The print view as a screenshot: print media at the width of the A4 text
// block (165 mm at 96 px an inch).
async function printShot(page, name) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 624, height: 900 });
  await page.emulateMedia({ media: 'print' });
  await screenshot(page, name);
  // Back to the page's own media (page.pdf prints with print media only
  // when no other is emulated).
  await page.emulateMedia({ media: null });
  await page.setViewportSize(size);
}

before(async () => {
  stack = await startStack();
  await stack.importBank(BANK_FILE, 'cchc-2021-2030');
  await stack.createContest(CONFIG);
  await stack.createContest(PLAIN);
  await stack.addOrganiser(ADMIN.username, ADMIN.password);
  await stack.cli(['admin', 'add', VIEWER.username, '--role', 'viewer', '--contest', CONTEST], `${VIEWER.password}\n`);
  browser = await launchBrowser();
  token = (await api('POST', '/api/admin/login', ADMIN)).body.token;
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('contestants enter both rounds with known scores', async () => {
  const driver = await newPage(browser, 'desktop');
  await driver.exposeFunction('choicesFor', (question, right) => choicesFor(question, key, right));
  await driver.goto(stack.url('/healthz'));
  for (const [i, id] of ['ky-1', 'ky-2'].entries()) {
    const people = PEOPLE.map((p) => ({ ...p, right: p.rounds[i] }));
    const results = await enterRound(driver, people, { contest: CONTEST, round: id, returning: i > 0 });
    assert.deepEqual(results.map((r) => [r.name, r.score, r.max]), people.map((p) => [p.name, p.right, QUESTIONS]));
  }
  const plain = await enterRound(driver, [{ ...PEOPLE[4], unit: 'so-noi-vu', right: 3 }], { contest: PLAIN.id, round: 'vong-1' });
  assert.equal(plain[0].score, 3);
  assert.deepEqual(driver.errors.map(String), []);
  await driver.close();
});

test('the view carries the notice; a round not yet published and a contest without a heading offer no print', async () => {
  await publishRound(CONTEST, 'ky-1');
  await publishRound(PLAIN.id, 'vong-1');
  const v = await view();
  assert.deepEqual(v.notice, NOTICE);
  assert.deepEqual(v.rounds.map((r) => r.notice), [{ number: '15/TB-BTC', date: '2026-12-10' }, { number: null, date: null }]);
  assert.deepEqual(v.rounds[0].prizes[0].tiers.map((t) => t.amount ?? null), [3000000, 2000000, null]);

  const page = await newPage(browser, 'desktop');
  await page.goto(stack.url(`/results/?contest=${CONTEST}&round=ky-2`));
  await page.getByTestId('not-published').waitFor();
  assert.equal(await page.getByTestId('print-notice').count(), 0, 'nothing to print before publishing');
  assert.equal(await page.getByTestId('notice-head').count(), 0);

  await page.goto(stack.url(`/results/?contest=${PLAIN.id}&round=vong-1`));
  await page.getByTestId('summary-entries').waitFor();
  assert.equal(await page.getByTestId('print-notice').count(), 0, 'no print button without a notice heading');
  assert.equal(await page.getByTestId('notice-head').count(), 0);
  // It still prints, plainly: its title, no heading, no signature.
  const pdf = await printPdf(page, 'notice-plain');
  assert.ok(pdf.flat.includes('Kết quả Kỳ 1'));
  assert.ok(pdf.flat.includes(PLAIN.title));
  assert.ok(!pdf.text.includes('CỘNG HÒA') && !pdf.text.includes('Nơi nhận'));
  assert.ok(!pdf.text.includes('Mở màn hình trao giải'), 'no buttons or links on paper');
  assertNoPhones(pdf);
  assert.deepEqual(page.errors.map(String), []);
  await page.context().close();
});

test('a published round prints as the A4 notice: heading, number, date, winners in order, signature', async () => {
  const page = await newPage(browser, 'desktop');
  await page.goto(stack.url(`/results/?contest=${CONTEST}&round=ky-1`));
  await page.getByTestId('summary-entries').waitFor();

  // On screen: the page as ever, and the print button beside the ceremony link.
  const button = page.getByTestId('print-notice');
  assert.equal((await button.textContent()).trim(), 'In thông báo / Lưu PDF');
  assert.ok(await button.isVisible());
  assert.ok(!(await page.getByTestId('notice-head').isVisible()), 'the heading is for paper only');
  assert.ok(!(await page.getByTestId('notice-foot').isVisible()));
  assert.ok(!(await page.getByTestId('print-winners').isVisible()));
  assert.ok(await page.getByTestId('results-title').isVisible());
  await page.evaluate(() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; });
  await button.click();
  assert.equal(await page.evaluate(() => window.printed), 1, 'the button prints');
  await screenshot(page, 'notice-round-screen-desktop');
  await assertAccessible(page, 'results with the print button');
  await page.setViewportSize(VIEWPORTS.desktop);

  // In print: the heading and signature, no controls, the tables.
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.getByTestId('notice-head').isVisible());
  assert.ok(await page.getByTestId('notice-foot').isVisible());
  assert.ok(!(await button.isVisible()));
  assert.ok(!(await page.getByTestId('results-title').isVisible()), 'the notice heading stands instead');
  assert.ok(!(await page.locator('.winner-categories').isVisible()), 'the cards give way to the table');
  assert.ok(!(await page.locator('#participation-chart').isVisible()));
  assert.ok(!(await page.getByTestId('picker').isVisible()));
  assert.equal(await page.getByTestId('notice-number').textContent(), 'Số: 15/TB-BTC');
  assert.equal(await page.getByTestId('notice-date').textContent(), 'Quảng Nam, ngày 10 tháng 12 năm 2026');
  assert.equal(await page.getByTestId('notice-subject').textContent(), `Kết quả ${CONFIG.title} (Kỳ 1)`);
  await page.emulateMedia({ media: null });
  await printShot(page, 'notice-round-print');

  const pdf = await printPdf(page, 'notice-round');
  assertA4(pdf);
  assertHeading(pdf);
  for (const line of ['Số: 15/TB-BTC', 'Quảng Nam, ngày 10 tháng 12 năm 2026']) assert.ok(pdf.text.includes(line), line);
  assert.ok(pdf.flat.includes(`Kết quả ${CONFIG.title} (Kỳ 1)`), 'the subject line');
  // The summary's parts, numbered.
  for (const part of ['I. Tóm tắt', 'II. Phân bố điểm', 'III. Tham gia theo đơn vị', 'IV. Danh sách đoạt giải', 'V. Giải tập thể']) {
    assert.ok(pdf.text.includes(part), part);
  }
  // The four figures side by side: their labels on a line, the figures under.
  assert.ok(pdf.flat.includes('Bài thi Người dự thi Bài thi đúng tất cả Điểm tối đa 6 6 2 5 33,3% số bài thi'));
  assert.ok(pdf.flat.includes('Đáp án đúng: 2'), 'the prediction’s true value');
  assert.ok(pdf.flat.includes('Đúng tất cả (100%) 2 bài (33,3%)'));
  // Winners: a table per category, prizes first to last, one line each
  // with its number in the table (TT), prize, name, unit, score, time and prediction.
  const rows = winnerLines(pdf.text, [['Giải Nhất', HAI], ['Giải Nhì', LAN], ['Giải Ba', MINH], ['Giải Nhất', EM]]);
  const expectRow = (n, prize, name) => {
    const p = person(name);
    return new RegExp(`^${n} ${prize} ${name} ${UNIT_NAME[p.unit]} ${p.rounds[0]}/5 [\\d,]+ giây ${p.prediction}$`);
  };
  // Numbered within each category's table (the round's ranks are 1, 3, 4 and 2).
  assert.match(rows[0], expectRow(1, 'Giải Nhất', HAI));
  assert.match(rows[1], expectRow(2, 'Giải Nhì', LAN));
  assert.match(rows[2], expectRow(3, 'Giải Ba', MINH));
  assert.match(rows[3], expectRow(1, 'Giải Nhất', EM));
  assert.ok(pdf.text.includes('Đối tượng: Cán bộ, công chức, viên chức') && pdf.text.includes('Đối tượng: Nhân dân'));
  assert.match(pdf.flat, /Giải tập thể 1 UBND Phường 1 50% 2 2/);
  assertNoPhones(pdf);
  // Heading, summary, bands, participation, winners, collective, signature:
  // two pages, the signature whole on the last.
  assert.equal(pdf.pages, 2);
  assert.ok(pdf.perPage[1].includes('Nơi nhận:') && pdf.perPage[1].includes('Nguyễn Văn An'));

  // English: the button and the notice's fixed words follow the page.
  await page.getByTestId('lang-switch').click();
  assert.equal((await button.textContent()).trim(), 'Print notice / Save as PDF');
  assert.equal(await page.getByTestId('notice-number').textContent(), 'No.: 15/TB-BTC');
  assert.equal(await page.getByTestId('notice-date').textContent(), 'Quảng Nam, 10 December 2026');
  await page.getByTestId('lang-switch').click();
  assert.deepEqual(page.errors.map(String), []);
  await page.context().close();
});

test('a round without its own number and date leaves the number blank and is dated by its publication', async () => {
  await publishRound(CONTEST, 'ky-2');
  const published = (await view()).rounds[1].published_at;
  const page = await newPage(browser, 'phone');
  await page.goto(stack.url(`/results/?contest=${CONTEST}&round=ky-2`));
  await page.getByTestId('summary-entries').waitFor();
  assert.ok(await page.getByTestId('print-notice').isVisible());
  await printShot(page, 'notice-blank-print');
  const pdf = await printPdf(page, 'notice-blank');
  assertA4(pdf);
  assertHeading(pdf);
  assert.match(pdf.text, /Số: ……\/TB-……/);
  assert.ok(!pdf.text.includes('15/TB-BTC'));
  assert.ok(pdf.text.includes(noticeDate(published)), `dated ${noticeDate(published)}`);
  assert.ok(pdf.flat.includes(`Kết quả ${CONFIG.title} (Kỳ 2)`));
  assert.deepEqual(winnerLines(pdf.text, [['Giải Nhất', LAN]]).length, 1);
  assert.equal(pdf.pages, 2);
  assert.ok(!pdf.text.includes('Dự đoán'), 'no prediction column without a prediction question');
  assertNoPhones(pdf);
  assert.deepEqual(page.errors.map(String), []);
  await page.context().close();
});

test('the published final prints as its notice', async () => {
  assert.equal((await api('POST', `/api/admin/contests/${CONTEST}/final/finalize`)).status, 200);
  assert.equal((await api('POST', `/api/admin/contests/${CONTEST}/final/publish`)).status, 200);
  const v = await view();
  assert.deepEqual(v.final.notice, { number: '20/TB-BTC', date: null });
  const page = await newPage(browser, 'desktop');
  await page.goto(stack.url(`/results/?contest=${CONTEST}&final=1`));
  await page.getByTestId('final-combine').waitFor();
  assert.ok(await page.getByTestId('print-notice').isVisible());
  await printShot(page, 'notice-final-print');
  const pdf = await printPdf(page, 'notice-final');
  assertA4(pdf);
  assertHeading(pdf);
  assert.ok(pdf.text.includes('Số: 20/TB-BTC'));
  assert.ok(pdf.text.includes(noticeDate(v.final.published_at)));
  assert.ok(pdf.flat.includes(`Kết quả chung cuộc ${CONFIG.title}`));
  const [row] = winnerLines(pdf.text, [['Giải Nhất', LAN]]);
  // TT, prize, name, unit, combined score, rounds entered, total time.
  assert.match(row, new RegExp(`^1 Giải Nhất ${LAN} Sở Tư pháp 9/10 2 [\\d,]+ giây$|^1 Giải Nhất ${LAN} Sở Tư pháp 9/10 2 \\d+ phút \\d\\d giây$`));
  assert.equal(pdf.pages, 1);
  assertNoPhones(pdf);
  assert.deepEqual(page.errors.map(String), []);
  await page.context().close();
});

test('the dashboard links each published round and the final to its notice, and downloads the winners list', async () => {
  const page = await newPage(browser, 'desktop');
  await signIn(page, ADMIN.username, ADMIN.password);
  const card = page.locator(`[data-testid="contest-${CONTEST}"]`);
  const link = card.locator('[data-testid="round-ky-1"] [data-testid="round-notice"]');
  await link.waitFor();
  assert.equal((await link.textContent()).trim(), 'In thông báo kết quả (mở trong thẻ mới)');
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.equal(await link.getAttribute('href'), `/results/?contest=${CONTEST}&round=ky-1`);
  await card.locator('[data-testid="round-ky-2"] [data-testid="round-notice"]').waitFor();
  const finalLink = card.locator('[data-testid="final-panel"] [data-testid="final-notice"]');
  await finalLink.waitFor();
  assert.equal(await finalLink.getAttribute('href'), `/results/?contest=${CONTEST}&final=1`);
  // Opens the public page in a new tab, ready to print.
  const [tab] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
  await tab.getByTestId('print-notice').waitFor();
  assert.equal(new URL(tab.url()).search, `?contest=${CONTEST}&round=ky-1`);
  await tab.close();

  // The winners list: every published round and the final, with phones in
  // full and the prize money summed.
  const paperwork = card.locator('[data-testid="contest-paperwork"]');
  await paperwork.scrollIntoViewIfNeeded();
  await screenshot(page, 'notice-admin-desktop');
  const [download] = await Promise.all([page.waitForEvent('download'), paperwork.locator('[data-testid="winners-xlsx"]').click()]);
  assert.equal(download.suggestedFilename(), `${CONTEST}-danh-sach-nhan-giai.xlsx`);
  const file = await download.path();
  await paperwork.locator('[data-testid="winners-xlsx-msg"] .ok-text').waitFor();
  const strings = execFileSync('unzip', ['-p', file, 'xl/sharedStrings.xml'], { encoding: 'utf8' });
  for (const p of [HAI, LAN, MINH, EM].map(person)) {
    assert.ok(strings.includes(p.name), `${p.name} in the list`);
    assert.ok(strings.includes(p.phone), `${p.name}'s phone in full`);
  }
  for (const s of ['Giải Nhất', 'Giải Ba']) assert.ok(strings.includes(s), s);
  const workbook = execFileSync('unzip', ['-p', file, 'xl/workbook.xml'], { encoding: 'utf8' });
  assert.deepEqual([...workbook.matchAll(/<sheet name="([^"]*)"/g)].map((m) => m[1]).slice(0, 1), ['Tổng hợp']);
  const sheets = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n').filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f));
  assert.equal(sheets.length, 4, 'Tổng hợp, Kỳ 1, Kỳ 2 and the final');
  const numbers = sheets.map((s) => [...execFileSync('unzip', ['-p', file, s], { encoding: 'utf8' }).matchAll(/<v>(\d+)<\/v>/g)].map((m) => Number(m[1])));
  const all = numbers.flat();
  for (const n of [3000000, 2000000, 1000000, 5000000]) assert.ok(all.includes(n), `the amount ${n}`);
  assert.ok(all.includes(8000000), 'Kỳ 1 sums to 8,000,000 (Giải Ba has no amount)');
  assert.ok(all.includes(14000000), 'the contest sums to 14,000,000');
  // The same list as JSON: its sections and sums.
  const list = await api('GET', `/api/admin/contests/${CONTEST}/winners?format=json`);
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.sections.map((s) => [s.id, s.winners.map((w) => [w.name, w.prize, w.amount]), s.total, s.unpriced]), [
    ['ky-1', [[HAI, 'Giải Nhất', 3000000], [LAN, 'Giải Nhì', 2000000], [MINH, 'Giải Ba', null], [EM, 'Giải Nhất', 3000000]], 8000000, 1],
    ['ky-2', [[LAN, 'Giải Nhất', 1000000]], 1000000, 0],
    ['final', [[LAN, 'Giải Nhất', 5000000]], 5000000, 0],
  ]);
  assert.equal(list.body.total, 14000000);
  assert.equal(list.body.unpriced, 1);
  await assertAccessible(page, 'the dashboard with the paperwork');
  assert.deepEqual(page.errors.map(String), []);
  await page.context().close();
});

test('a viewer gets the link to the notice but not the winners list', async () => {
  const page = await newPage(browser, 'desktop');
  await signIn(page, VIEWER.username, VIEWER.password);
  const card = page.locator(`[data-testid="contest-${CONTEST}"]`);
  await card.locator('[data-testid="round-ky-1"] [data-testid="round-notice"]').waitFor();
  assert.equal(await card.locator('[data-testid="contest-paperwork"]').count(), 0);
  assert.equal(await page.getByTestId('winners-xlsx').count(), 0);
  // The server refuses it too.
  const login = await api('POST', '/api/admin/login', VIEWER);
  const res = await fetch(stack.url(`/api/admin/contests/${CONTEST}/winners?format=xlsx`), {
    headers: { Authorization: `Bearer ${login.body.token}` } });
  assert.equal(res.status, 403);
  await screenshot(page, 'notice-admin-viewer-desktop');
  assert.deepEqual(page.errors.map(String), []);
  await page.context().close();
});
