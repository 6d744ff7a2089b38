// Accessibility of the three pages, checked by a machine: axe-core (the
// WCAG 2 A and AA rules: contrast, labels, names, landmarks, ARIA) runs in
// every important view at phone and desktop width and must find nothing;
// and two paths are walked with the keyboard alone: a contestant's entry
// (choose options, move to the next question, submit through the
// confirmation) and the organiser's login.
//
//   cd tests/e2e && REFORMQUIZ_BUILD_DIR=/path/to/build node --test accessibility.spec.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createRequire } from 'node:module';
import {
  startStack, launchBrowser, newPage, isoFromNow, SOURCE_DIR, VIEWPORTS,
} from './support/stack.mjs';
import { HOA, BINH, register } from './support/contestant-page.mjs';
import { shownOptions } from './support/answers.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const BANK_FILE = path.join(SOURCE_DIR, 'question_banks/cchc-2021-2030.vi.json');
// The JSON one: its problems name long JSON paths, the widest table.
const BROKEN_BANK = path.join(SOURCE_DIR, 'question_banks/examples/broken/broken.json');
const ADMIN = { username: 'bantochuc', password: 'mật-khẩu-thử-1' };

const CONTEST = {
  id: 'tiep-can',
  title: 'Cuộc thi tìm hiểu cải cách hành chính (tiếp cận)',
  categories: [{ id: 'cbccvc', name: 'Cán bộ, công chức, viên chức' }, { id: 'nhan-dan', name: 'Nhân dân' }],
  units: [{ id: 'so-noi-vu', name: 'Sở Nội vụ', block: 'so-nganh', headcount: 20 },
    { id: 'ubnd-phuong-1', name: 'UBND Phường 1', block: 'xa-phuong', headcount: 10 }],
  rounds: [
    {
      id: 'ky-1', title: 'Kỳ 1', opens_at: isoFromNow(-5), closes_at: isoFromNow(30), bank: 'cchc-2021-2030',
      draw: { count: 3 }, time_limit_s: 600, attempts: 1,
      prediction: { prompt: 'Dự đoán có bao nhiêu bài thi trả lời đúng tất cả các câu hỏi?', target: 'perfect_entries' },
      prizes: [{ category: 'cbccvc', tiers: [{ name: 'Giải Nhất', count: 1 }] },
        { category: 'nhan-dan', tiers: [{ name: 'Giải Nhất', count: 1 }] }],
    },
    {
      id: 'ky-2', title: 'Kỳ 2', opens_at: isoFromNow(60), closes_at: isoFromNow(120), bank: 'cchc-2021-2030',
      draw: { count: 3 }, time_limit_s: 600,
    },
  ],
  collective_prizes: [{ name: 'Giải tập thể', count: 1, metric: 'participation_rate', block: null }],
};

let stack;
let browser;
let hoa;    // Hoa's phone: registered with errors first, entry, result, published results
const pages = [];
const checked = []; // the views axe checked, for the last test

async function open(size, url) {
  const p = await newPage(browser, size);
  pages.push(p);
  await p.goto(stack.url(url));
  return p;
}

function describe(violations) {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) =>
    `    at ${n.target.join(' ')}\n      ${n.failureSummary.replace(/\n/g, '\n      ')}`).join('\n')}\n    ${v.helpUrl}`).join('\n  ');
}

// Runs axe's WCAG 2 A/AA rules on the page at the phone width, then the
// desktop width (media queries change the layout and so what is checked),
// and asserts there is nothing to fix.
async function axe(p, view) {
  const size = p.viewportSize();
  for (const [width, viewport] of Object.entries(VIEWPORTS)) {
    await p.setViewportSize(viewport);
    if (!(await p.evaluate(() => Boolean(window.axe)))) await p.addScriptTag({ path: AXE });
    // Fades finish first: a half-transparent text has a contrast of its own.
    await p.waitForFunction(() => document.getAnimations().every((a) => a.playState === 'finished'));
    const violations = await p.evaluate(async () => {
      const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
      return result.violations.map(({ id, impact, help, helpUrl, nodes }) => ({
        id, impact, help, helpUrl, nodes: nodes.map(({ target, failureSummary }) => ({ target, failureSummary })),
      }));
    });
    checked.push(`${view}-${width}`);
    assert.equal(violations.length, 0, `axe found ${violations.length} problem(s) in ${view} at ${width} width:\n  ${describe(violations)}`);
  }
  await p.setViewportSize(size);
}

// Presses `key` until the focused element matches `selector` (the keyboard
// path a person would take), at most `limit` times; the element reached
// must show its focus.
async function pressUntil(p, key, selector, limit = 25) {
  for (let i = 0; i < limit; i += 1) {
    await p.keyboard.press(key);
    if (await p.evaluate((s) => document.activeElement?.matches(s), selector)) {
      assert.ok(await p.evaluate(() => document.activeElement.matches(':focus-visible')),
        `${selector} shows its focus`);
      return i + 1;
    }
  }
  const at = await p.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  assert.fail(`${key} ×${limit} did not reach ${selector}; the focus is on ${at}`);
}

const focused = (p) => p.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);

before(async () => {
  stack = await startStack();
  await stack.importBank(BANK_FILE, 'cchc-2021-2030');
  await stack.createContest(CONTEST);
  await stack.addOrganiser(ADMIN.username, ADMIN.password);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
  for (const p of pages) assert.deepEqual(p.errors.map(String), [], 'no page errors');
});

test('contestant app: the list, registration errors, the entry with its confirmation, the result', async () => {
  hoa = await open('phone', '/?list');
  await hoa.locator(`[data-testid="contest-card"][data-contest="${CONTEST.id}"] [data-testid="round-countdown"]:not(:empty)`)
    .first().waitFor();
  await axe(hoa, 'contestant-list');

  await hoa.goto(stack.url(`/?contest=${CONTEST.id}`));
  await hoa.fill('#reg-phone', '12345');
  await hoa.click('#reg-submit');
  await hoa.locator('#reg-phone[aria-invalid="true"]').waitFor();
  assert.equal(await hoa.getAttribute('#reg-name', 'aria-invalid'), 'true');
  await axe(hoa, 'contestant-register-errors');

  await register(hoa, HOA);
  await hoa.click('button[data-action="start"][data-round="ky-1"]');
  await hoa.locator('#entry #question').waitFor();
  await hoa.locator('#question input[name="choice"]').first().check();
  await hoa.locator('#save-status[data-state="saved"]').waitFor();
  await hoa.fill('#prediction', '1');
  // The dialog makes the page behind it inert (and so unchecked): first
  // without it.
  await axe(hoa, 'contestant-entry');
  await hoa.click('#submit-entry');
  await hoa.locator('#confirm-submit[open]').waitFor();
  await axe(hoa, 'contestant-entry-confirm');

  await hoa.click('#confirm-submit-ok');
  await hoa.locator('[data-testid="result"]').waitFor();
  await axe(hoa, 'contestant-result');
});

test('keyboard only: a contestant chooses options, moves to the next question and submits', async () => {
  const p = await open('desktop', `/?contest=${CONTEST.id}`);
  await p.locator('#reg-name').waitFor();
  await register(p, BINH);
  // After logging in the focus is on the greeting; the start button is a
  // few Tabs away.
  assert.equal(await focused(p), 'hello-title');
  await pressUntil(p, 'Tab', 'button[data-action="start"][data-round="ky-1"]');
  await p.keyboard.press('Enter');
  await p.locator('#entry #question').waitFor();
  await p.waitForFunction(() => document.activeElement?.id === 'entry-heading');

  // Question 1: Tab into the options, Space chooses; in a group of radio
  // buttons an arrow key moves the choice to the next option.
  const first = await p.getAttribute('#question', 'data-question');
  await pressUntil(p, 'Tab', '#question input[name="choice"]');
  await p.keyboard.press('Space');
  // The options in the order shown (their ids are the attempt's own).
  const options = await shownOptions(p);
  let chosen = [options[0].value];
  if (options[0].type === 'radio') {
    await p.keyboard.press('ArrowDown');
    chosen = [options[1].value];
  }
  await p.locator('#save-status[data-state="saved"]').waitFor();
  assert.deepEqual(await p.locator('#question input[name="choice"]:checked').evaluateAll((els) => els.map((e) => e.value)), chosen);
  assert.equal(await p.locator('#answered-count').innerText(), 'Đã trả lời 1/3');

  // On to the next question: the focus follows to it.
  await pressUntil(p, 'Tab', '#next-question');
  await p.keyboard.press('Enter');
  await p.waitForFunction((q) => document.querySelector('#question')?.dataset.question !== q, first);
  assert.equal(await p.locator('#question-progress').innerText(), 'Câu 2/3');
  assert.equal(await focused(p), 'question');
  await pressUntil(p, 'Tab', '#question input[name="choice"]');
  await p.keyboard.press('Space');
  await p.locator('#save-status[data-state="saved"]').waitFor();
  assert.equal(await p.locator('#answered-count').innerText(), 'Đã trả lời 2/3');

  // The prediction, typed, then submit: the dialog opens on Cancel (the
  // safe choice); Shift+Tab reaches Submit.
  await pressUntil(p, 'Tab', '#prediction');
  await p.keyboard.type('2');
  await pressUntil(p, 'Tab', '#submit-entry');
  await p.keyboard.press('Enter');
  await p.locator('#confirm-submit[open]').waitFor();
  assert.equal(await focused(p), 'confirm-submit-cancel');
  assert.equal(await p.locator('#confirm-unanswered').innerText(), 'Bạn còn 1 câu chưa trả lời (trên tổng số 3 câu).');
  await pressUntil(p, 'Shift+Tab', '#confirm-submit-ok', 3);
  await p.keyboard.press('Enter');
  await p.locator('[data-testid="result"][data-status="submitted"]').waitFor();
  assert.equal(await p.locator('[data-testid="result-prediction"]').innerText(), '2');
  // The focus moves to the result's heading (on the next frame).
  await p.waitForFunction(() => document.activeElement?.id === 'result-heading');
  await p.context().close();
});

test('keyboard only: the organiser logs in', async () => {
  const p = await open('phone', '/admin/');
  await p.locator('[data-testid="login-form"]').waitFor();
  // The page puts the focus in the first field.
  await p.waitForFunction(() => document.activeElement?.dataset.testid === 'login-username');
  await p.keyboard.type(ADMIN.username);
  await pressUntil(p, 'Tab', '[data-testid="login-password"]', 1);
  await p.keyboard.type('sai-mat-khau');
  await p.keyboard.press('Enter');
  await p.locator('[data-testid="login-message"] .notice').waitFor();
  assert.equal((await p.locator('[data-testid="login-message"]').innerText()).trim(), 'Sai tên đăng nhập hoặc mật khẩu.');
  // The wrong password is selected: typing replaces it.
  await p.keyboard.type(ADMIN.password);
  await p.keyboard.press('Enter');
  await p.locator('[data-testid="whoami"]:not([hidden])').waitFor();
  assert.equal(await p.locator('[data-testid="whoami"]').innerText(), ADMIN.username);
  await p.context().close();
});

let admin;

test('organiser dashboard: login, a refused bank, contest form errors, a round with counts and the draft', async () => {
  admin = await open('desktop', '/admin/');
  await admin.locator('[data-testid="login-form"]').waitFor();
  await axe(admin, 'admin-login');
  await admin.fill('[data-testid="login-username"]', ADMIN.username);
  await admin.fill('[data-testid="login-password"]', ADMIN.password);
  await admin.click('[data-testid="login-submit"]');
  await admin.locator('[data-testid="whoami"]:not([hidden])').waitFor();

  await admin.locator('[data-testid="bank-file"]').setInputFiles(BROKEN_BANK);
  await admin.waitForFunction(() => document.querySelector('[data-testid="bank-format"]').value === 'json');
  await admin.click('[data-testid="bank-submit"]');
  await admin.locator('[data-testid="bank-problem-table"] [data-testid="problem-row"][data-line="107"]').waitFor();
  await admin.locator('[data-testid="bank-cchc-2021-2030"]').waitFor();
  await axe(admin, 'admin-bank-problems');

  // An empty form: errors at several fields.
  await admin.click('[data-testid="nav-new-contest"]');
  await admin.locator('[data-testid="contest-form"]').waitFor();
  await admin.waitForSelector('[data-testid="round-bank"] option[value="cchc-2021-2030"]', { state: 'attached' });
  await admin.click('[data-testid="contest-submit"]');
  await admin.locator('[data-testid="contest-errors"] [data-testid="contest-error"]').first().waitFor();
  assert.ok(await admin.locator('[data-testid="contest-form"] [aria-invalid="true"]').count() >= 3);
  await axe(admin, 'admin-contest-errors');

  // The round with live counts, closed and finalized: the draft ranking.
  await admin.goto(stack.url(`/admin/#contests/${CONTEST.id}`));
  const round = admin.locator(`[data-testid="contest-${CONTEST.id}"] [data-testid="round-ky-1"]`);
  await round.locator('[data-testid="count-submitted"]').getByText('2', { exact: true }).waitFor();
  await round.locator('[data-testid="round-close"]').click();
  await admin.locator('[data-testid="confirm-dialog"]').waitFor();
  await axe(admin, 'admin-confirm');
  await admin.click('[data-testid="confirm-ok"]');
  await round.locator('[data-testid="round-state"][data-state="closed"]').waitFor();
  await round.locator('[data-testid="round-finalize"]').click();
  await round.locator('[data-testid="ranking-table"] [data-testid="ranking-row"]').nth(1).waitFor();
  await axe(admin, 'admin-round-draft');
});

test('published results: the contestant page, the results page and the ceremony', async () => {
  const round = admin.locator(`[data-testid="contest-${CONTEST.id}"] [data-testid="round-ky-1"]`);
  await round.locator('[data-testid="round-publish"]').click();
  await admin.click('[data-testid="confirm-ok"]');
  await round.locator('[data-testid="round-published"]').waitFor();

  // Hoa's page, open since her entry, shows the results by itself.
  await hoa.locator('[data-testid="round-results"][data-round="ky-1"] [data-testid="results-you"]').waitFor();
  await hoa.click('#close-result');
  await axe(hoa, 'contestant-published');

  const results = await open('desktop', `/results/?contest=${CONTEST.id}&round=ky-1`);
  await results.getByTestId('summary-entries').waitFor();
  await results.getByTestId('winner').first().waitFor();
  await axe(results, 'results-published');

  const ceremony = await open('desktop', `/results/ceremony.html?contest=${CONTEST.id}&round=ky-1`);
  await ceremony.getByTestId('ceremony-intro').waitFor();
  await ceremony.keyboard.press('ArrowRight');
  await ceremony.getByTestId('ceremony-name').waitFor();
  await axe(ceremony, 'ceremony-reveal');
});

test('every view was checked at both widths', () => {
  assert.deepEqual(checked, [
    'contestant-list', 'contestant-register-errors', 'contestant-entry', 'contestant-entry-confirm', 'contestant-result',
    'admin-login', 'admin-bank-problems', 'admin-contest-errors', 'admin-confirm', 'admin-round-draft',
    'contestant-published', 'results-published', 'ceremony-reveal',
  ].flatMap((view) => [`${view}-phone`, `${view}-desktop`]));
});
