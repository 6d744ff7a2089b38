// The exclusion list on the dashboard ("Danh sách không được xét giải": the
// people who may enter but never win), end to end: the organiser finds the
// list the contest's configuration gave, adds a phone and removes an ID
// number, saves, and after a reload reads the saved list and who changed it;
// a bad line is refused with the line named and nothing stored; a contest
// whose first round has opened shows its list read-only and says why, and a
// Save sent just as the first round opens is refused the same way; a viewer
// is not shown the list at all.
//
//   cd tests/e2e && REFORMQUIZ_BUILD_DIR=/path/to/build node --test exclusions.spec.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import {
  startStack, launchBrowser, newPage, isoFromNow, VIEWPORTS, SOURCE_DIR, SCREENSHOT_DIR, waitText, until,
} from './support/stack.mjs';
import { assertAccessible } from './support/axe.mjs';

const BANK_FILE = path.join(SOURCE_DIR, 'question_banks/cchc-2021-2030.vi.json');
const OPEN = 'khong-xet-giai';   // no round opened yet
const LOCKED = 'da-mo-ky-1';     // its first round opened five minutes ago
const RACE = 'sap-mo';           // opens while the organiser edits
const USER = 'bantochuc';
const PASSWORD = 'mật-khẩu-thử-1';
const VIEWER = { username: 'lanh-dao', password: 'mat-khau-lanh-dao' };

// ISO-8601 to the second, `ms` after the time `iso` names.
const later = (iso, ms) => new Date(Date.parse(iso) + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const round = (id, n, opensAt) => ({
  id, title: `Kỳ ${n}`, opens_at: opensAt, closes_at: later(opensAt, 7 * 86400000),
  bank: 'cchc-2021-2030', draw: { count: 4 }, time_limit_s: 300, attempts: 1,
});
const contest = (id, title, opensAt, excluded) => ({
  id, title,
  categories: [{ id: 'cbccvc', name: 'Cán bộ, công chức, viên chức' }],
  units: [{ id: 'so-noi-vu', name: 'Sở Nội vụ', headcount: 10 }],
  excluded,
  // The later round opens first: the list locks at the earliest opening.
  rounds: [round('ky-1', 1, later(opensAt, 86400000)), round('ky-2', 2, opensAt)],
});

const OPENS = isoFromNow(180);
const LOCKED_OPENS = isoFromNow(-5);
// The head of the organising committee is written as the form takes it;
// the server keeps it as registration writes a phone.
const CONFIG = contest(OPEN, 'Cuộc thi thử danh sách không xét giải', OPENS,
  { phones: ['0901234561', '+84 912 345 672'], id_numbers: ['001090000011', '001090000022'] });
const LOCKED_CONFIG = contest(LOCKED, 'Cuộc thi đã mở kỳ 1', LOCKED_OPENS, { phones: ['0933456783'] });

// "08:05 03/12/2026": Vietnam time (UTC+7, no daylight saving) as the
// dashboard writes it in Vietnamese.
function vnTime(msOrIso) {
  const d = new Date((typeof msOrIso === 'number' ? msOrIso : Date.parse(msOrIso)) + 7 * 3600000);
  const two = (n) => String(n).padStart(2, '0');
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())} ${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

const FROM_CONFIG = 'Danh sách theo cấu hình cuộc thi; chưa ai sửa trên bảng điều khiển.';
const INTRO = 'Thành viên ban tổ chức, người ra đề, giám khảo và nhân viên kỹ thuật có tên ở đây vẫn được dự thi và xếp hạng nhưng không được xét giải; người đứng sau được xét thay. Kết quả được tính theo danh sách hiện hành.';
const lockedText = (at) => `Danh sách đã khoá: vòng thi đầu tiên đã mở lúc ${vnTime(at)}. Từ lúc đó danh sách không sửa được nữa, để việc xét giải không thay đổi khi cuộc thi đang diễn ra.`;

let stack;
let browser;
let page;   // the organiser's dashboard, desktop
const tokens = {};

async function api(method, p, body, token = tokens.organiser) {
  const res = await fetch(stack.url(p), {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}
const stored = async (id = OPEN) => (await api('GET', `/api/admin/contests/${id}/exclusions`)).body;

const card = (p, id) => p.locator(`[data-testid="contest-${id}"]`);
const panel = (p = page, id = OPEN) => card(p, id).locator('[data-testid="exclusions-panel"]');
const inPanel = (testid, id = OPEN, p = page) => panel(p, id).locator(`[data-testid="${testid}"]`);
// The card's panels, top to bottom, by test id.
const panels = (p, id) => card(p, id).locator('.rounds-box > *').evaluateAll((els) => els.map((el) => el.dataset.testid));
const phones = (id) => inPanel('exclusions-phones', id);
const idNumbers = (id) => inPanel('exclusions-id-numbers', id);
// The error line under a textarea (form-fields.js links it by id).
const errorOf = (textarea) => textarea.evaluate((el) => {
  const error = document.getElementById(el.dataset.errorId);
  return error.hidden ? null : error.textContent;
});
const readOnly = (textarea) => textarea.evaluate((el) => el.readOnly);


// The panel (or card) itself at both widths: with every contest's card
// open the whole page would be mostly other panels.
async function shots(p, locator, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const size of ['phone', 'desktop']) {
    await p.setViewportSize(VIEWPORTS[size]);
    await locator.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${size}.png`) });
  }
}

const opened = (p, id) => p.waitForFunction((c) => document.querySelector(`[data-testid="contest-${c}"]`)?.open === true, id);

async function signIn(p, username, password, id) {
  await p.goto(stack.url(`/admin/#contests/${id}`));
  await p.locator('[data-testid="login-username"]').fill(username);
  await p.locator('[data-testid="login-password"]').fill(password);
  await p.locator('[data-testid="login-submit"]').click();
  await opened(p, id);
}

// Another contest's card, from its address on the open dashboard.
async function openContest(p, id) {
  await p.evaluate((c) => { location.hash = `#contests/${c}`; }, id);
  await opened(p, id);
}

before(async () => {
  stack = await startStack();
  await stack.importBank(BANK_FILE, 'cchc-2021-2030');
  await stack.createContest(CONFIG);
  await stack.createContest(LOCKED_CONFIG);
  await stack.cli(['admin', 'add', USER, '--role', 'organiser', '--contest', OPEN, '--contest', LOCKED, '--contest', RACE],
    `${PASSWORD}\n`);
  await stack.cli(['admin', 'add', VIEWER.username, '--role', 'viewer', '--contest', OPEN], `${VIEWER.password}\n`);
  tokens.organiser = (await api('POST', '/api/admin/login', { username: USER, password: PASSWORD })).body.token;
  tokens.viewer = (await api('POST', '/api/admin/login', VIEWER)).body.token;
  browser = await launchBrowser();
  page = await newPage(browser, 'desktop');
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('the organiser sees the list the contest configuration gave, above the rounds', async () => {
  await signIn(page, USER, PASSWORD, OPEN);
  await waitText(inPanel('exclusions-changed'), FROM_CONFIG);
  await waitText(panel().locator('h3'), 'Danh sách không được xét giải');
  assert.equal((await panel().locator('h3 + p').textContent()).trim(), INTRO);
  assert.equal(await phones().inputValue(), '0901234561\n0912345672');
  assert.equal(await idNumbers().inputValue(), '001090000011\n001090000022');
  assert.deepEqual(await panel().locator('label').allTextContents(), ['Số điện thoại', 'Số CCCD/CMND']);
  assert.deepEqual((await panel().locator('p.hint').allTextContents()).map((s) => s.trim()), [
    `Sửa được đến khi vòng thi đầu tiên mở (${vnTime(OPENS)}).`,
    'Mỗi dòng một số di động, ví dụ 0901234567 hoặc +84 901 234 567.',
    'Mỗi dòng một số: 12 chữ số (CCCD) hoặc 9 chữ số (CMND cũ).',
  ]);
  assert.equal(await readOnly(phones()), false);
  assert.equal(await readOnly(idNumbers()), false);
  assert.equal((await inPanel('exclusions-save').textContent()).trim(), 'Lưu danh sách');
  assert.ok(await inPanel('exclusions-save').isVisible());
  assert.equal(await inPanel('exclusions-locked').count(), 0);
  // The contest's setting before its rounds.
  const order = await panels(page, OPEN);
  assert.ok(order.includes('round-ky-1') && order.indexOf('exclusions-panel') < order.indexOf('round-ky-1'), order.join(', '));
  // What the page shows is what the server holds.
  const state = await stored();
  assert.deepEqual(state, {
    phones: ['0901234561', '0912345672'], id_numbers: ['001090000011', '001090000022'], source: 'configuration',
    changed_at: null, changed_by: null, editable_until: Date.parse(OPENS), editable: true,
  });
  await shots(page, panel(), 'admin-exclusions');
  await assertAccessible(page, 'admin-exclusions');
  assert.deepEqual(page.errors.map(String), []);
});

test('the organiser adds a phone and removes an ID number, saves, and reads it back after a reload', async () => {
  await phones().fill('0901234561\n0912345672\n+84 977 889 900');
  await idNumbers().fill('001090000011\n');
  await inPanel('exclusions-save').click();
  await waitText(inPanel('exclusions-save-msg'), 'Đã lưu: 3 số điện thoại, 1 số CCCD/CMND.');
  assert.equal(await inPanel('exclusions-save-msg').locator('.ok-text').count(), 1);
  // Shown as the server keeps it.
  assert.equal(await phones().inputValue(), '0901234561\n0912345672\n0977889900');
  assert.equal(await idNumbers().inputValue(), '001090000011');
  const state = await stored();
  assert.deepEqual({ ...state, changed_at: null }, {
    phones: ['0901234561', '0912345672', '0977889900'], id_numbers: ['001090000011'], source: 'organiser',
    changed_at: null, changed_by: USER, editable_until: Date.parse(OPENS), editable: true,
  });
  assert.ok(Math.abs(state.changed_at - Date.now()) < 60000, 'changed just now, by the store\'s clock');
  const changed = `Sửa lần cuối bởi ${USER} lúc ${vnTime(state.changed_at)}.`;
  await waitText(inPanel('exclusions-changed'), changed);

  await page.reload();
  await opened(page, OPEN);
  await waitText(inPanel('exclusions-changed'), changed);
  assert.equal(await phones().inputValue(), '0901234561\n0912345672\n0977889900');
  assert.equal(await idNumbers().inputValue(), '001090000011');
  await shots(page, panel(), 'admin-exclusions-saved');
  assert.deepEqual(page.errors.map(String), []);
});

test('a bad phone line is refused with the line named, and nothing changes', async () => {
  const before = await stored();
  // A blank line, then a landline: the third line, the second entry sent.
  const typed = '0901234561\n\n0212345678\n0912345672';
  await phones().fill(typed);
  await idNumbers().fill('001090000011\n001090000033');
  await inPanel('exclusions-save').click();
  await waitText(inPanel('exclusions-save-msg'),
    'Chưa lưu, danh sách giữ nguyên: dòng 3 của ô “Số điện thoại” (“0212345678”) không hợp lệ.');
  assert.equal(await inPanel('exclusions-save-msg').locator('.field-error').count(), 1);
  assert.equal(await errorOf(phones()),
    'Dòng 3: “0212345678” không phải số di động Việt Nam (10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09).');
  assert.equal(await phones().getAttribute('aria-invalid'), 'true');
  assert.equal(await errorOf(idNumbers()), null);
  // The bad line is selected in what the organiser typed, which is kept.
  assert.deepEqual(await phones().evaluate((el) => [document.activeElement === el, el.value.slice(el.selectionStart, el.selectionEnd)]),
    [true, '0212345678']);
  assert.equal(await phones().inputValue(), typed);
  assert.deepEqual(await stored(), before);
  // The server's refusal the page read: the entry by its place in the list.
  const refused = await api('PUT', `/api/admin/contests/${OPEN}/exclusions`, { phones: ['0901234561', '0212345678'] });
  assert.equal(refused.status, 400);
  assert.equal(refused.body.error.code, 'bad_request');
  assert.deepEqual(refused.body.error.details, { field: 'phones[1]' });
  await shots(page, panel(), 'admin-exclusions-bad-phone');
  await assertAccessible(page, 'admin-exclusions-bad-phone');

  // A bad ID number, the phones put right: the phones' error goes.
  await phones().fill('0901234561\n0912345672\n0977889900');
  await idNumbers().fill('001090000011\n12345');
  await inPanel('exclusions-save').click();
  await waitText(inPanel('exclusions-save-msg'),
    'Chưa lưu, danh sách giữ nguyên: dòng 2 của ô “Số CCCD/CMND” (“12345”) không hợp lệ.');
  assert.equal(await errorOf(idNumbers()), 'Dòng 2: “12345” không phải số CCCD (12 chữ số) hoặc CMND (9 chữ số).');
  assert.equal(await errorOf(phones()), null);
  assert.equal(await phones().getAttribute('aria-invalid'), null);
  assert.deepEqual(await stored(), before);

  await page.reload();
  await opened(page, OPEN);
  await waitText(inPanel('exclusions-changed'), `Sửa lần cuối bởi ${USER} lúc ${vnTime(before.changed_at)}.`);
  assert.equal(await phones().inputValue(), before.phones.join('\n'));
  assert.equal(await idNumbers().inputValue(), '001090000011');
  assert.deepEqual(page.errors.map(String), []);
});

test('a contest whose first round has opened shows its list read-only, saying why', async () => {
  await openContest(page, LOCKED);
  await waitText(inPanel('exclusions-locked', LOCKED), lockedText(LOCKED_OPENS));
  await waitText(inPanel('exclusions-changed', LOCKED), FROM_CONFIG);
  assert.equal(await phones(LOCKED).inputValue(), '0933456783');
  assert.equal(await idNumbers(LOCKED).inputValue(), '');
  assert.equal(await readOnly(phones(LOCKED)), true);
  assert.equal(await readOnly(idNumbers(LOCKED)), true);
  assert.equal(await inPanel('exclusions-save', LOCKED).isVisible(), false);
  assert.equal(await inPanel('exclusions-until', LOCKED).count(), 0);
  assert.equal((await stored(LOCKED)).editable, false);
  // The server refuses a change whatever a page offers.
  const refused = await api('PUT', `/api/admin/contests/${LOCKED}/exclusions`, { phones: [] });
  assert.equal(refused.status, 409);
  assert.equal(refused.body.error.code, 'locked');
  assert.deepEqual((await stored(LOCKED)).phones, ['0933456783']);
  await shots(page, panel(page, LOCKED), 'admin-exclusions-locked');
  await assertAccessible(page, 'admin-exclusions-locked');

  // In English.
  await page.getByTestId('lang').click();
  await waitText(panel(page, LOCKED).locator('h3'), 'People who may not win');
  const english = (await inPanel('exclusions-locked', LOCKED).textContent()).trim();
  assert.match(english, /^The list is locked: the first round opened at \d\d\/\d\d\/\d{4}, \d\d:\d\d\. From then on it cannot change, so who may win does not change while the contest runs\.$/);
  assert.equal((await inPanel('exclusions-changed', LOCKED).textContent()).trim(),
    'The list from the contest configuration; nobody has changed it on the dashboard.');
  assert.deepEqual(await panel(page, LOCKED).locator('label').allTextContents(), ['Phone numbers', 'ID numbers']);
  await page.getByTestId('lang').click();
  await waitText(inPanel('exclusions-locked', LOCKED), lockedText(LOCKED_OPENS));
  assert.deepEqual(page.errors.map(String), []);
});

test('a Save sent once the first round has opened is refused, and the list turns read-only', async () => {
  // Opens a few seconds from now, while the organiser is editing.
  const opensAt = later(new Date().toISOString(), 12000);
  await stack.createContest(contest(RACE, 'Cuộc thi sắp mở', opensAt, { phones: ['0944567894'] }));
  await page.getByTestId('contests-refresh').click();
  await card(page, RACE).waitFor();
  await openContest(page, RACE);
  await waitText(inPanel('exclusions-until', RACE), `Sửa được đến khi vòng thi đầu tiên mở (${vnTime(opensAt)}).`);
  await phones(RACE).fill('0944567894\n0355678905');
  assert.ok(Date.now() < Date.parse(opensAt), 'the page read the list before the round opened');
  await until('the first round to open', 20000, () => Date.now() > Date.parse(opensAt) + 1000);
  await inPanel('exclusions-save', RACE).click();
  await waitText(inPanel('exclusions-save-msg', RACE), 'Chưa lưu: vòng thi đầu tiên vừa mở nên danh sách đã khoá.');
  await waitText(inPanel('exclusions-locked', RACE), lockedText(opensAt));
  assert.equal(await phones(RACE).inputValue(), '0944567894');
  assert.equal(await readOnly(phones(RACE)), true);
  assert.equal(await inPanel('exclusions-save', RACE).isVisible(), false);
  assert.deepEqual((await stored(RACE)).phones, ['0944567894']);
  await shots(page, panel(page, RACE), 'admin-exclusions-locked-on-save');
  assert.deepEqual(page.errors.map(String), []);
});

test('a viewer of the contest is not shown the list', async () => {
  const viewer = await newPage(browser, 'desktop');
  await signIn(viewer, VIEWER.username, VIEWER.password, OPEN);
  await card(viewer, OPEN).locator('[data-testid="round-ky-1"] [data-testid="round-state"]').waitFor();
  assert.equal(await card(viewer, OPEN).locator('[data-testid="exclusions-panel"]').count(), 0);
  const shown = await panels(viewer, OPEN);
  assert.ok(shown.includes('round-ky-1') && shown.includes('round-ky-2') && !shown.includes('exclusions-panel'), shown.join(', '));
  const html = await viewer.content();
  for (const phone of ['0901234561', '0912345672', '0977889900']) assert.ok(!html.includes(phone), `${phone} shown to a viewer`);
  // Nor would the server give it.
  const refused = await api('GET', `/api/admin/contests/${OPEN}/exclusions`, undefined, tokens.viewer);
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.code, 'forbidden');
  await shots(viewer, card(viewer, OPEN), 'admin-exclusions-viewer');
  assert.deepEqual(viewer.errors.map(String), []);
  await viewer.context().close();
});
