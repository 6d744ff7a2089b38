// The organiser dashboard (/admin/) end to end: log in (a wrong password
// first), upload a broken bank and read its problems by line, upload good
// banks and see their topics; choose an Excel, a Word and a text question
// set (made by the CLI) and see each checked at once (preview or problems
// by place, nothing stored), store one, download it again as XLSX and
// DOCX and upload the download as its next version; create contests from the form (an error at a
// field first, then a 409 at the id) and from pasted JSON, watch a
// contestant (driven over the WebSocket protocol) show up in the live
// counts, close the round, finalize and review the draft, publish, and
// download the ranking as CSV and XLSX; then the admin adds a viewer of
// the contest, who sees it read-only, with phones masked and no files.
//
//   cd tests/e2e && REFORMQUIZ_BUILD_DIR=/path/to/build node --test organiser.spec.mjs

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startStack, launchBrowser, newPage, screenshot, VIEWPORTS, SOURCE_DIR, waitText } from './support/stack.mjs';
import { rightTexts, choicesFor } from './support/answers.mjs';

const BANKS = path.join(SOURCE_DIR, 'question_banks');
const USER = 'bantochuc';
const PASSWORD = 'mật-khẩu-thử-1';
const CONTEST = 'thu-nghiem';
const CONTESTANT = { name: 'Nguyễn Thị Hoa', phone: '0912345678', birth_date: '1990-05-06', unit: 'so-noi-vu', category: 'cbccvc', password: 'mat-khau-hoa-1' };

let stack;
let browser;
let page;      // the organiser's page (desktop)
let player;    // a page on the gateway's origin that drives a contestant's WebSocket
let token;     // an organiser token for reading the bank's answers from node

before(async () => {
  stack = await startStack();
  await stack.addOrganiser(USER, PASSWORD);
  browser = await launchBrowser();
  page = await newPage(browser, 'desktop');
});

// A page error (an exception in the dashboard's code) fails the test it
// happened in.
afterEach(() => {
  assert.deepEqual(page.errors.map(String), [], 'no page errors on the dashboard');
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

// The same view at phone and desktop width: the layout follows the width
// (media queries), so resizing the one page shows both.
async function shots(name) {
  await page.setViewportSize(VIEWPORTS.phone);
  await screenshot(page, `admin-${name}-phone`);
  await page.setViewportSize(VIEWPORTS.desktop);
  await screenshot(page, `admin-${name}-desktop`);
}

const byTestId = (id) => page.locator(`[data-testid="${id}"]`);
const texts = (locator) => locator.evaluateAll((els) => els.map((el) => el.textContent.trim()));

// "YYYY-MM-DDTHH:MM" in Vietnam time, minutes from now, for datetime-local.
function vnLocal(minutes) {
  return new Date(Date.now() + minutes * 60000 + 7 * 3600000).toISOString().slice(0, 16);
}

test('login: a wrong password is refused, the right one opens the dashboard; a dead token sends you back', async () => {
  await page.goto(stack.url('/admin/'));
  await byTestId('login-form').waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
  await shots('login');

  await byTestId('login-username').fill(USER);
  await byTestId('login-password').fill('sai-mat-khau');
  await byTestId('login-submit').click();
  await waitText(byTestId('login-message'), 'Sai tên đăng nhập hoặc mật khẩu.');
  await screenshot(page, 'admin-login-error-desktop');

  await byTestId('login-password').fill(PASSWORD);
  await byTestId('login-submit').click();
  await waitText(byTestId('whoami'), USER);
  assert.equal(await byTestId('login-form').isVisible(), false);
  assert.equal(await byTestId('nav-banks').getAttribute('aria-current'), 'page');

  // English and back.
  await byTestId('lang').click();
  await waitText(byTestId('nav-banks'), 'Question banks');
  await byTestId('lang').click();
  await waitText(byTestId('nav-banks'), 'Ngân hàng câu hỏi');

  // A token the server does not know (expired, or from another store): the
  // first call answers 401 and the page asks for a login again.
  const other = await newPage(browser, 'phone');
  await other.goto(stack.url('/admin/'));
  await other.evaluate(() => sessionStorage.setItem('rq-admin-session', JSON.stringify({ token: 'a'.repeat(64), username: 'ai-do' })));
  await other.reload();
  await other.locator('[data-testid="login-message"] .notice').waitFor();
  assert.equal((await other.locator('[data-testid="login-message"]').textContent()).trim(),
    'Phiên đăng nhập đã hết hạn hoặc không còn hợp lệ. Vui lòng đăng nhập lại.');
  assert.equal(await other.evaluate(() => sessionStorage.getItem('rq-admin-session')), null);

  // Too many failures for one username: rate_limited, said plainly.
  await other.locator('[data-testid="login-username"]').fill('khach-la');
  for (let i = 0; i < 6; i++) {
    await other.locator('[data-testid="login-password"]').fill(`sai-${i}`);
    await other.locator('[data-testid="login-submit"]').click();
    await other.locator('[data-testid="login-message"] .notice').waitFor();
    await other.locator('[data-testid="login-submit"]:not([disabled])').waitFor();
  }
  assert.equal((await other.locator('[data-testid="login-message"]').textContent()).trim(),
    'Đăng nhập sai quá nhiều lần. Tài khoản tạm bị khoá đăng nhập trong 15 phút; vui lòng thử lại sau.');
  assert.deepEqual(other.errors.map(String), []);
  await other.context().close();

  token = (await page.evaluate(() => JSON.parse(sessionStorage.getItem('rq-admin-session')))).token;
  assert.match(token, /^[0-9a-f]{64}$/);
});

test('a broken bank is refused with every problem listed by line', async () => {
  await byTestId('bank-file').setInputFiles(path.join(BANKS, 'examples/broken/broken.csv'));
  // The format comes from the file name, the id from the name slugified;
  // the file is checked at once (a dry run), before anything is stored.
  await page.waitForFunction(() => document.querySelector('[data-testid="bank-id"]').value === 'broken');
  assert.equal(await byTestId('bank-format').inputValue(), 'csv');

  await waitText(byTestId('bank-problem-summary'), '3 lỗi, 0 cảnh báo — chưa lưu gì');
  await waitText(byTestId('bank-status'), 'Đã kiểm tra “broken.csv”: 3 lỗi, 0 cảnh báo — chưa lưu gì.');
  const rows = page.locator('[data-testid="bank-problem-table"] [data-testid="problem-row"]');
  assert.equal(await rows.count(), 3);
  // What the server reports for this file (question_banks/examples/broken/README.md).
  assert.deepEqual(await texts(rows.locator('[data-testid="problem-place"]')), ['Dòng 3', 'Dòng 4', 'Dòng 5']);
  assert.deepEqual(await texts(rows.locator('[data-testid="problem-field"]')), ['correct', 'text', 'options']);
  assert.deepEqual(await texts(rows.locator('[data-testid="problem-severity"]')), ['Lỗi', 'Lỗi', 'Lỗi']);
  // The server's own words, in the page's language.
  assert.deepEqual(await texts(rows.locator('[data-testid="problem-message"]')), [
    "đáp án 'E' không thuộc các phương án A–D",
    'nội dung câu hỏi đang để trống',
    'mỗi câu hỏi phải có ít nhất 2 phương án; câu hỏi này có 1 phương án',
  ]);
  await shots('bank-errors');

  // A JSON bank's problems carry JSON paths and lines far down the file;
  // storing it anyway is refused with the same problems.
  await byTestId('bank-file').setInputFiles(path.join(BANKS, 'examples/broken/broken.json'));
  await page.waitForFunction(() => document.querySelector('[data-testid="bank-format"]').value === 'json');
  await page.locator('[data-testid="bank-problem-table"] [data-line="107"]').waitFor();
  await byTestId('bank-submit').click();
  await page.locator('[data-testid="bank-submit"]:not([disabled])').waitFor();
  await page.locator('[data-testid="bank-problem-table"] [data-line="107"]').waitFor();
  assert.deepEqual(await texts(rows.locator('[data-testid="problem-place"]')), ['Dòng 69', 'Dòng 78', 'Dòng 107']);
  assert.deepEqual(await texts(rows.locator('[data-testid="problem-field"]')),
    ['questions[1].correct', 'questions[2].topic', 'questions[3].id']);

  // Nothing was stored.
  await byTestId('bank-list-empty').waitFor();
});

test('good banks are stored and show their topics (and warnings)', async () => {
  await byTestId('bank-file').setInputFiles(path.join(BANKS, 'examples/demo.csv'));
  await page.waitForFunction(() => document.querySelector('[data-testid="bank-id"]').value === 'demo');
  // Checked and previewed, not stored: the list is still empty.
  await waitText(byTestId('preview-questions'), '18');
  await byTestId('bank-list-empty').waitFor();
  await byTestId('bank-title').fill('Bộ câu hỏi mẫu');
  await byTestId('bank-submit').click();

  await waitText(byTestId('bank-stored-summary'), 'Đã lưu ngân hàng demo, phiên bản 1: 18 câu hỏi, 7 chủ đề.');
  assert.equal((await byTestId('stored-version').textContent()).trim(), '1');
  assert.equal((await byTestId('stored-questions').textContent()).trim(), '18');
  const topics = page.locator('[data-testid="stored-topics"] [data-testid="topic-row"]');
  assert.deepEqual(await texts(topics.locator('td:nth-child(2)')),
    ['the-che', 'thu-tuc-hanh-chinh', 'bo-may', 'cong-vu', 'chinh-phu-so', 'chi-so-danh-gia', 'mot-cua']);
  assert.deepEqual(await texts(topics.locator('td:nth-child(3)')), ['7', '5', '2', '1', '1', '1', '1']);
  assert.equal(await byTestId('bank-warning-table').count(), 0);
  await page.locator('[data-testid="bank-demo"]').waitFor();
  await shots('bank-summary');

  // GIFT: stored, with the two skipped questions as warnings by line.
  await byTestId('bank-file').setInputFiles(path.join(BANKS, 'examples/demo.gift'));
  await page.waitForFunction(() => document.querySelector('[data-testid="bank-id"]').value === 'demo');
  assert.equal(await byTestId('bank-format').inputValue(), 'gift');
  await byTestId('bank-id').fill('demo-gift');
  await byTestId('bank-title').fill('');
  await byTestId('bank-submit').click();
  await waitText(byTestId('bank-stored-summary'), 'Đã lưu ngân hàng demo-gift, phiên bản 1: 13 câu hỏi, 3 chủ đề.');
  await waitText(byTestId('bank-warning-summary'), '2 cảnh báo (không chặn việc lưu):');
  const warnings = page.locator('[data-testid="bank-warning-table"] [data-testid="problem-row"]');
  assert.deepEqual(await texts(warnings.locator('[data-testid="problem-place"]')), ['Dòng 102', 'Dòng 105']);
  assert.deepEqual(await texts(warnings.locator('[data-testid="problem-severity"]')), ['Cảnh báo', 'Cảnh báo']);

  // The list shows both, sorted by id, with their counts.
  await page.locator('[data-testid="bank-demo-gift"]').waitFor();
  assert.deepEqual(await texts(page.locator('.bank-list [data-testid="bank-question-count"]')), ['18 câu hỏi', '13 câu hỏi']);
});

// The first question of question_banks/examples/demo.csv, as every format
// made from it previews it.
const FIRST_TEXT = "Which document issued Viet Nam's master programme for state administrative reform 2021–2030?";
const FIRST_OPTIONS = ['A.', 'B.', 'C.', 'D.'];
const FIRST_OPTION_TEXTS = ['Decree 61/2018/NĐ-CP of the Government', 'Resolution 30c/NQ-CP of the Government',
  'Resolution 76/NQ-CP of the Government', 'Decision 136/2001/QĐ-TTg of the Prime Minister'];

async function storedBankIds() {
  const res = await fetch(stack.url('/api/admin/banks'), { headers: { Authorization: `Bearer ${token}` } });
  return (await res.json()).banks.map((b) => b.id);
}

async function assertFirstQuestion() {
  const first = page.locator('[data-testid="preview-question"]').first();
  assert.equal((await first.locator('[data-testid="preview-text"]').textContent()).trim(), FIRST_TEXT);
  const options = first.locator('[data-testid="preview-option"]');
  assert.deepEqual(await texts(options.locator('.option-letter')), FIRST_OPTIONS);
  assert.deepEqual(await texts(options.locator('.option-text')), FIRST_OPTION_TEXTS);
  // The right letter is marked for the organiser, in words.
  assert.deepEqual(await options.evaluateAll((els) => els.map((el) => el.dataset.correct)), ['false', 'false', 'true', 'false']);
  assert.equal((await first.locator('[data-testid="preview-right"]').textContent()).trim(), 'Đáp án đúng');
  assert.equal((await first.locator('[data-testid="preview-correct"]').textContent()).trim(), 'Đáp án: C');
}

test('Excel, Word and text files: checked and previewed at once, stored only on "Lưu ngân hàng câu hỏi", downloaded again', async () => {
  const csv = path.join(BANKS, 'examples/demo.csv');
  const xlsx = path.join(stack.dir, 'cchc-excel.xlsx');
  const docx = path.join(stack.dir, 'bo-cau-hoi-word.docx');
  await stack.cli(['bank', 'convert', csv, '--to', 'xlsx', '--out', xlsx]);
  await stack.cli(['bank', 'convert', csv, '--to', 'docx', '--out', docx]);
  const before = await storedBankIds();

  // Excel: the format from the name, the sheet field offered, the topic
  // field not; the preview shows the first questions, nothing is stored.
  // (The id typed for the GIFT bank above stays until it is emptied.)
  await byTestId('bank-id').fill('');
  await byTestId('bank-file').setInputFiles(xlsx);
  await page.waitForFunction(() => document.querySelector('[data-testid="bank-id"]').value === 'cchc-excel');
  assert.equal(await byTestId('bank-format').inputValue(), 'xlsx');
  assert.equal(await byTestId('bank-sheet').isVisible(), true);
  assert.equal(await byTestId('bank-topic').isVisible(), false);
  await waitText(byTestId('bank-preview-summary'),
    'Tệp hợp lệ: ngân hàng cchc-excel, 18 câu hỏi, 7 chủ đề. Chưa lưu gì: xem lại các câu dưới đây rồi bấm “Lưu ngân hàng câu hỏi”.');
  await waitText(byTestId('bank-status'),
    'Đã kiểm tra “cchc-excel.xlsx”: 18 câu hỏi, 7 chủ đề. Chưa lưu: xem trước bên dưới rồi bấm “Lưu ngân hàng câu hỏi”.');
  assert.equal(await page.locator('[data-testid="preview-question"]').count(), 5);
  await assertFirstQuestion();
  assert.deepEqual(await texts(page.locator('[data-testid="preview-topics"] [data-testid="topic-row"] td:nth-child(3)')),
    ['7', '5', '2', '1', '1', '1', '1']);
  assert.deepEqual(await storedBankIds(), before, 'a dry run stores nothing');
  await byTestId('bank-refresh').click();
  await byTestId('bank-demo').waitFor();
  assert.equal(await byTestId('bank-cchc-excel').count(), 0);
  await shots('bank-preview');

  // A sheet the workbook does not have: checked again, one problem.
  await byTestId('bank-sheet').fill('Không có');
  await byTestId('bank-sheet').press('Enter');
  await waitText(byTestId('bank-problem-summary'), '1 lỗi, 0 cảnh báo — chưa lưu gì');
  const rows = page.locator('[data-testid="bank-problem-table"] [data-testid="problem-row"]');
  assert.deepEqual(await texts(rows.locator('[data-testid="problem-field"]')), ['sheet']);
  assert.match(await rows.first().locator('[data-testid="problem-message"]').textContent(), /Không có/);
  await byTestId('bank-sheet').fill('Câu hỏi');
  await byTestId('bank-check').click();
  await waitText(byTestId('preview-questions'), '18');

  // Store: now it is in the list.
  await byTestId('bank-submit').click();
  await waitText(byTestId('bank-stored-summary'), 'Đã lưu ngân hàng cchc-excel, phiên bản 1: 18 câu hỏi, 7 chủ đề.');
  const listed = byTestId('bank-cchc-excel');
  await listed.waitFor();
  assert.deepEqual((await storedBankIds()).sort(), [...before, 'cchc-excel'].sort());

  // Download it again (the token goes in a header, so the page fetches it).
  const [xlsxDown] = await Promise.all([page.waitForEvent('download'), listed.locator('[data-testid="bank-download-xlsx"]').click()]);
  assert.equal(xlsxDown.suggestedFilename(), 'cchc-excel-v1.xlsx');
  const xlsxBytes = readFileSync(await xlsxDown.path());
  assert.equal(xlsxBytes.subarray(0, 2).toString('latin1'), 'PK');
  await waitText(listed.locator('[data-testid="bank-download-msg"]'), 'Đã tải tệp cchc-excel-v1.xlsx.');
  const [docxDown] = await Promise.all([page.waitForEvent('download'), listed.locator('[data-testid="bank-download-docx"]').click()]);
  assert.equal(docxDown.suggestedFilename(), 'cchc-excel-v1.docx');
  assert.equal(readFileSync(await docxDown.path()).subarray(0, 2).toString('latin1'), 'PK');

  // Edited in Excel and uploaded again: the download's name gives the same
  // id, so it is stored as version 2.
  const again = path.join(stack.dir, 'cchc-excel-v1.xlsx');
  await xlsxDown.saveAs(again);
  await byTestId('bank-file').setInputFiles(again);
  await page.waitForFunction(() => document.querySelector('[data-testid="bank-id"]').value === 'cchc-excel');
  await waitText(byTestId('preview-questions'), '18');
  await assertFirstQuestion();
  await byTestId('bank-submit').click();
  await waitText(byTestId('bank-stored-summary'), 'Đã lưu ngân hàng cchc-excel, phiên bản 2: 18 câu hỏi, 7 chủ đề.');

  // Word: the topic field offered, the sheet field not; the questions keep
  // their "Câu N" labels. One topic for all, given at upload, is checked again.
  await byTestId('bank-file').setInputFiles(docx);
  await page.waitForFunction(() => document.querySelector('[data-testid="bank-id"]').value === 'bo-cau-hoi-word');
  assert.equal(await byTestId('bank-format').inputValue(), 'docx');
  assert.equal(await byTestId('bank-topic').isVisible(), true);
  assert.equal(await byTestId('bank-sheet').isVisible(), false);
  await waitText(byTestId('preview-questions'), '18');
  await assertFirstQuestion();
  assert.equal((await page.locator('[data-testid="preview-question"] .preview-head strong').first().textContent()).trim(), 'Câu 1');
  await byTestId('bank-topic').fill('Cải cách hành chính');
  await byTestId('bank-topic').press('Enter');
  await waitText(byTestId('preview-topic-count'), '1');
  assert.deepEqual(await texts(page.locator('[data-testid="preview-topics"] [data-testid="topic-row"] td')),
    ['Cải cách hành chính', 'cai-cach-hanh-chinh', '18']);
  assert.equal(await byTestId('bank-bo-cau-hoi-word').count(), 0);

  // A text question set whose answer is not one of its options: the
  // problem by question and line, in Vietnamese and in English; storing it
  // anyway stores nothing.
  const broken = path.join(stack.dir, 'cau-hoi-loi.txt');
  writeFileSync(broken, 'Câu 1: Hỏi?\nA. một\nB. hai\nC. ba\nD. bốn\nĐáp án: E\n');
  await byTestId('bank-file').setInputFiles(broken);
  await page.waitForFunction(() => document.querySelector('[data-testid="bank-id"]').value === 'cau-hoi-loi');
  assert.equal(await byTestId('bank-format').inputValue(), 'txt');
  await waitText(byTestId('bank-problem-summary'), '1 lỗi, 0 cảnh báo — chưa lưu gì');
  assert.deepEqual(await texts(rows.locator('[data-testid="problem-place"]')), ['Câu 1, dòng 6']);
  assert.deepEqual(await texts(rows.locator('[data-testid="problem-field"]')), ['correct']);
  assert.deepEqual(await texts(rows.locator('[data-testid="problem-severity"]')), ['Lỗi']);
  // The server words its messages in the page's language (?lang=).
  assert.equal(await rows.first().locator('[data-testid="problem-message"]').textContent(),
    "đáp án 'E' không thuộc các phương án A–D");
  // In English the file is checked again, so the message is English too.
  await byTestId('lang').click();
  await waitText(rows.first().locator('[data-testid="problem-place"]'), 'question 1, line 6');
  await waitText(rows.first().locator('[data-testid="problem-message"]'), "the answer 'E' is not one of the options A–D");
  await waitText(page.locator('[data-testid="bank-problem-table"] th').first(), 'Place');
  await waitText(byTestId('bank-status'), 'Checked “cau-hoi-loi.txt”: 1 error, 0 warnings — nothing stored.');
  await byTestId('lang').click();
  await waitText(rows.first().locator('[data-testid="problem-place"]'), 'Câu 1, dòng 6');
  await shots('bank-txt-errors');
  await byTestId('bank-submit').click();
  await page.locator('[data-testid="bank-submit"]:not([disabled])').waitFor();
  await waitText(byTestId('bank-status'), 'Đã kiểm tra “cau-hoi-loi.txt”: 1 lỗi, 0 cảnh báo — chưa lưu gì.');
  assert.deepEqual(await texts(rows.locator('[data-testid="problem-place"]')), ['Câu 1, dòng 6']);
  assert.deepEqual((await storedBankIds()).sort(), [...before, 'cchc-excel'].sort());
  assert.equal(await byTestId('bank-cau-hoi-loi').count(), 0);
});

test('a contest from the form: an error at its field, then created, then 409 at the id', async () => {
  await byTestId('nav-new-contest').click();
  await byTestId('contest-form').waitFor();
  await page.waitForSelector('[data-testid="round-bank"] option[value="demo"]', { state: 'attached' });

  await byTestId('contest-id').fill(CONTEST);
  await byTestId('contest-title').fill('Cuộc thi thử nghiệm của Sở Nội vụ');
  // Categories come prefilled (cbccvc, nhan-dan); one unit row is there.
  assert.deepEqual(await page.locator('[data-testid="category-id"]').evaluateAll((els) => els.map((e) => e.value)), ['cbccvc', 'nhan-dan']);
  await byTestId('unit-id').fill('so-noi-vu');
  await byTestId('unit-name').fill('Sở Nội vụ');
  await byTestId('unit-block').fill('so-nganh');
  await byTestId('unit-headcount').fill('40');
  await byTestId('contest-units-add').click();
  await page.locator('[data-testid="unit-id"]').nth(1).fill('so-tu-phap');
  await page.locator('[data-testid="unit-name"]').nth(1).fill('Sở Tư pháp');
  await page.locator('[data-testid="unit-headcount"]').nth(1).fill('25');

  await byTestId('round-opens').fill(vnLocal(-1));
  await byTestId('round-closes').fill(vnLocal(10));
  await byTestId('round-bank').selectOption('demo');
  await byTestId('round-count').fill('50'); // the bank holds 18
  await byTestId('round-minutes').fill('2');
  await byTestId('round-prediction-prompt').fill('Có bao nhiêu bài thi đúng tất cả các câu?');
  await byTestId('contest-submit').click();

  const problems = page.locator('[data-testid="contest-errors"] [data-testid="contest-error"]');
  await problems.first().waitFor();
  assert.equal(await problems.count(), 1);
  assert.equal(await problems.first().getAttribute('data-path'), 'rounds[0].draw.count');
  const count = byTestId('round-count');
  assert.equal(await count.getAttribute('aria-invalid'), 'true');
  const errorId = (await count.getAttribute('aria-describedby')).split(' ').pop();
  assert.equal((await page.locator(`#${errorId}`).textContent()).trim(), "cần 50 câu hỏi, nhưng ngân hàng câu hỏi 'demo' chỉ có 18 câu hỏi");
  await shots('contest-form-errors');

  await count.fill('3');
  await byTestId('contest-submit').click();
  await waitText(page.locator('[data-testid="contest-created"] p').first(),
    `Đã tạo cuộc thi “Cuộc thi thử nghiệm của Sở Nội vụ” (${CONTEST}) với 1 vòng thi.`);
  assert.equal(await count.getAttribute('aria-invalid'), null);
  assert.equal(await byTestId('contest-errors').isVisible(), false);
  assert.equal(await byTestId('contest-created-link').getAttribute('href'), `#contests/${CONTEST}`);

  // The same id again: said at the id field.
  await byTestId('contest-submit').click();
  const id = byTestId('contest-id');
  await page.waitForFunction(() => document.querySelector('[data-testid="contest-id"]').getAttribute('aria-invalid') === 'true');
  const idErrorId = (await id.getAttribute('aria-describedby')).split(' ').pop();
  assert.equal((await page.locator(`#${idErrorId}`).textContent()).trim(), `Đã có cuộc thi với mã “${CONTEST}”. Hãy chọn mã khác.`);
});

test('a contest from pasted JSON: problems listed by path, then created', async () => {
  await byTestId('contest-mode-json').check();
  // The box starts from what the form holds.
  const prefilled = JSON.parse(await byTestId('contest-json').inputValue());
  assert.equal(prefilled.id, CONTEST);
  assert.equal(prefilled.rounds[0].draw.count, 3);
  assert.equal(prefilled.rounds[0].time_limit_s, 120);
  assert.match(prefilled.rounds[0].opens_at, /\+07:00$/);

  const config = {
    id: 'dan-json', title: 'Cuộc thi dán JSON',
    categories: [{ id: 'nhan-dan', name: 'Nhân dân' }],
    units: [{ id: 'ubnd-xa', name: 'UBND xã Bình An', headcount: 30 }],
    rounds: [{ id: 'ky-1', title: 'Kỳ 1', opens_at: '2030-01-01T08:00:00+07:00', closes_at: '2030-01-07T17:00:00+07:00',
      bank: 'demo-gift', draw: { count: 5 }, time_limit_s: 10, speed: 1,
      prizes: [{ category: 'nhan-dan', tiers: [{ name: 'Giải Nhất', count: 1 }] }] }],
  };
  await byTestId('contest-json').fill(JSON.stringify(config, null, 2));
  await byTestId('contest-submit').click();
  const problems = page.locator('[data-testid="contest-errors"] [data-testid="contest-error"]');
  await problems.first().waitFor();
  assert.deepEqual(await problems.evaluateAll((els) => els.map((e) => e.dataset.path)), ['rounds[0].speed', 'rounds[0].time_limit_s']);
  assert.match(await problems.nth(1).textContent(), /phải là một số nguyên từ 30 đến 7200 \(đang là 10\)/);
  assert.equal(await byTestId('contest-json').getAttribute('aria-invalid'), 'true');

  delete config.rounds[0].speed;
  config.rounds[0].time_limit_s = 300;
  await byTestId('contest-json').fill(JSON.stringify(config, null, 2));
  await byTestId('contest-submit').click();
  await waitText(page.locator('[data-testid="contest-created"] p').first(), 'Đã tạo cuộc thi “Cuộc thi dán JSON” (dan-json) với 1 vòng thi.');
});

// The contestant's side through the protocol, from a page on the gateway's
// origin (node 20 has no WebSocket of its own).
async function startContestant() {
  const context = await browser.newContext();
  player = await context.newPage();
  await player.goto(stack.url('/healthz'));
  return player.evaluate(async (profile) => {
    const ws = new WebSocket(`ws://${location.host}/ws`);
    const waiting = new Map();
    let next = 1;
    ws.onmessage = (event) => {
      const msg = JSON.parse(event.data);
      if (waiting.has(msg.id)) { waiting.get(msg.id)(msg); waiting.delete(msg.id); }
    };
    await new Promise((resolve) => { ws.onopen = resolve; });
    window.req = (type, fields = {}) => new Promise((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      ws.send(JSON.stringify({ ...fields, type, id }));
    });
    await window.req('hello', { lang: 'vi' });
    const registered = await window.req('register', { contest: 'thu-nghiem', profile });
    const started = await window.req('attempt.start', { round: 'ky-1' });
    return { registered, attempt: started.attempt };
  }, CONTESTANT);
}

let attempt;

test('the live counts follow a contestant entering and submitting', async () => {
  // A reload keeps the session (sessionStorage); the link to a contest
  // opens it in the list.
  await page.goto(stack.url(`/admin/#contests/${CONTEST}`));
  await page.reload();
  assert.equal(await byTestId('nav-contests').getAttribute('aria-current'), 'page');
  const contest = byTestId(`contest-${CONTEST}`);
  await page.waitForFunction((id) => document.querySelector(`[data-testid="contest-${id}"]`)?.open === true, CONTEST);
  assert.equal(await byTestId('contest-dan-json').evaluate((el) => el.open), false);
  const round = contest.locator('[data-testid="round-ky-1"]');
  const count = (name) => round.locator(`[data-testid="count-${name}"]`);
  await waitText(count('registered'), '0');
  await waitText(round.locator('[data-testid="round-state"]'), 'Đang mở');

  const entered = await startContestant();
  assert.equal(entered.registered.type, 'registered', JSON.stringify(entered.registered));
  attempt = entered.attempt;
  assert.equal(attempt.questions.length, 3);
  await waitText(count('registered'), '1');
  await waitText(count('entrants'), '1');
  await waitText(count('started'), '1');
  await waitText(count('running'), '1');
  await waitText(count('submitted'), '0');

  // Two right answers and one wrong, from the stored bank's answer key, by
  // the options' texts (the attempt's option ids are its own).
  const res = await fetch(stack.url('/api/admin/banks/demo'), { headers: { Authorization: `Bearer ${token}` } });
  const key = rightTexts((await res.json()).bank.content);
  const choices = attempt.questions.map((q, i) => choicesFor(q, key, i < 2));
  const submitted = await player.evaluate(async ({ id, questions, choices }) => {
    for (let i = 0; i < questions.length; i++) await window.req('answer', { attempt: id, question: questions[i].id, choices: choices[i] });
    return window.req('submit', { attempt: id, prediction: 0 });
  }, { id: attempt.id, questions: attempt.questions, choices });
  assert.equal(submitted.type, 'submitted', JSON.stringify(submitted));
  assert.equal(submitted.result.score, 2);

  await waitText(count('running'), '0');
  await waitText(count('submitted'), '1');
  assert.equal((await count('entrants').textContent()).trim(), '1');
  await round.scrollIntoViewIfNeeded();
  await shots('round-counts');
});

test('close now, finalize and review the draft, publish, download CSV and XLSX', async () => {
  const round = byTestId(`contest-${CONTEST}`).locator('[data-testid="round-ky-1"]');
  const msg = (action) => round.locator(`[data-testid="round-${action}-msg"]`);

  // Each action's error is shown beside it.
  await round.locator('[data-testid="round-finalize"]').click();
  await waitText(msg('finalize'), 'Vòng thi đang mở: hãy đóng vòng (hoặc chờ hết giờ) rồi mới chốt kết quả.');
  await round.locator('[data-testid="round-publish"]').click();
  await page.locator('[data-testid="confirm-ok"]').click();
  await waitText(msg('publish'), 'Hãy chốt kết quả trước khi công bố.');

  // Close now, after a confirmation (Cancel first changes nothing).
  await round.locator('[data-testid="round-close"]').click();
  await page.locator('[data-testid="confirm-cancel"]').click();
  // The dialog's close event (which removes it) comes a task after the click.
  await page.locator('[data-testid="confirm-dialog"]').waitFor({ state: 'detached' });
  assert.equal((await msg('close').textContent()).trim(), '');
  await round.locator('[data-testid="round-close"]').click();
  await page.locator('[data-testid="confirm-ok"]').click();
  await round.locator('[data-testid="round-close-msg"] .ok-text').waitFor();
  assert.match(await msg('close').textContent(), /^Đã đóng lúc .+; 0 bài đang làm được nộp luôn\.$/);
  await waitText(round.locator('[data-testid="round-state"]'), 'Đã đóng');

  await round.locator('[data-testid="round-finalize"]').click();
  const rows = round.locator('[data-testid="ranking-table"] [data-testid="ranking-row"]');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 1);
  const cell = (col) => rows.first().locator(`[data-col="${col}"]`);
  assert.equal((await cell('rank').textContent()).trim(), '1');
  assert.equal((await cell('name').textContent()).trim(), CONTESTANT.name);
  assert.equal((await cell('unit').textContent()).trim(), 'Sở Nội vụ');
  assert.equal((await cell('category').textContent()).trim(), 'Cán bộ, công chức, viên chức');
  assert.equal((await cell('phone').textContent()).trim(), CONTESTANT.phone);
  assert.equal((await cell('score').textContent()).trim(), '2/3');
  assert.equal((await cell('prediction').textContent()).trim(), '0');
  assert.equal((await cell('excluded').textContent()).trim(), '');
  assert.equal((await cell('prize').textContent()).trim(), 'Giải Nhất');
  assert.equal((await round.locator('[data-testid="draft-entries"]').textContent()).trim(), '1');
  assert.equal((await round.locator('[data-testid="draft-true-value"]').textContent()).trim(), '0');
  const winners = round.locator('[data-testid="winners-cbccvc"] [data-testid="winner-row"]');
  assert.equal(await winners.count(), 1);
  assert.deepEqual(await texts(winners.first().locator('td')).then((cells) => cells.slice(0, 4)),
    ['Giải Nhất', CONTESTANT.name, 'Sở Nội vụ', '2/3']);
  await waitText(msg('finalize'), 'Đã tính bản nháp: 1 người trong bảng xếp hạng. Xem lại bên dưới trước khi công bố.');
  await round.locator('[data-testid="draft"]').scrollIntoViewIfNeeded();
  await shots('draft-ranking');

  await round.locator('[data-testid="round-publish"]').click();
  await page.locator('[data-testid="confirm-ok"]').click();
  await round.locator('[data-testid="round-publish-msg"] .ok-text').waitFor();
  assert.match(await msg('publish').textContent(), /^Đã công bố lúc \d\d:\d\d \d\d\/\d\d\/\d{4}\.$/);
  await round.locator('[data-testid="round-published"]').waitFor();
  await round.locator('[data-testid="published-results"]').waitFor();

  const [csv] = await Promise.all([page.waitForEvent('download'), round.locator('[data-testid="round-csv"]').click()]);
  assert.equal(csv.suggestedFilename(), `${CONTEST}-ky-1-xep-hang.csv`);
  const lines = readFileSync(await csv.path(), 'utf8').split(/\r?\n/);
  assert.equal(lines[0], '\uFEFFrank,prize,name,unit,category,phone,id_number,score,max_score,duration_ms,prediction,'
    + 'prediction_distance,attempts_used,submitted_at,excluded,disqualified,participant,attempt');
  // The phone as ="0912345678", so Excel keeps it as text with its leading zero.
  assert.match(lines[1], new RegExp(`^1,Giải Nhất,${CONTESTANT.name},so-noi-vu,cbccvc,"=""${CONTESTANT.phone}""",,2,3,\\d+,0,0,1,\\d+,no,,[0-9a-f]+,${attempt.id}$`));
  await waitText(msg('csv'), `Đã tải tệp ${CONTEST}-ky-1-xep-hang.csv.`);

  const [xlsx] = await Promise.all([page.waitForEvent('download'), round.locator('[data-testid="round-xlsx"]').click()]);
  assert.equal(xlsx.suggestedFilename(), `${CONTEST}-ky-1-xep-hang.xlsx`);
  const bytes = readFileSync(await xlsx.path());
  assert.ok(bytes.length > 0);
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');

  // Logging out ends the session and says so.
  await byTestId('logout').click();
  await waitText(byTestId('login-message'), 'Bạn đã đăng xuất.');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('rq-admin-session')), null);
  await player.context().close();
});

test('an admin adds a viewer account from the dashboard, each refusal at its field', async () => {
  await byTestId('login-username').fill(USER);
  await byTestId('login-password').fill(PASSWORD);
  await byTestId('login-submit').click();
  await waitText(byTestId('whoami'), USER);
  assert.equal((await byTestId('whoami-role').textContent()).trim(), 'Quản trị');
  await byTestId('nav-account').click();
  await byTestId('users-table').waitFor();
  assert.deepEqual(await page.locator('[data-testid="user-row"]').evaluateAll((els) => els.map((el) => el.dataset.user)), [USER]);

  await byTestId('new-user-username').fill('lanh-dao');
  await byTestId('new-user-password').fill('mat-khau-lanh-dao');
  await byTestId('new-user-role').selectOption('viewer');
  await byTestId('new-user-submit').click();
  const contestsError = page.locator('[data-testid="new-user-form"] .field:has([data-testid="new-user-contests"]) [data-testid="field-error"]');
  await waitText(contestsError, 'Ban tổ chức và Chỉ xem cần ít nhất một mã cuộc thi hợp lệ.');
  assert.equal(await byTestId('new-user-contests').getAttribute('aria-invalid'), 'true');

  await byTestId('new-user-contests').fill(CONTEST);
  await byTestId('new-user-submit').click();
  await waitText(byTestId('new-user-message'), 'Đã thêm tài khoản lanh-dao.');
  await page.locator('[data-testid="user-row"][data-user="lanh-dao"]').waitFor();
  assert.equal(await byTestId('user-role-lanh-dao').inputValue(), 'viewer');
  assert.equal(await byTestId('user-contests-lanh-dao').inputValue(), CONTEST);
  await shots('users');
  await byTestId('logout').click();
  await waitText(byTestId('login-message'), 'Bạn đã đăng xuất.');
});

test('a viewer reads the contest without its changes, its files or its phone numbers', async () => {
  const viewer = await newPage(browser, 'desktop');
  const inViewer = (id) => viewer.locator(`[data-testid="${id}"]`);
  await viewer.goto(stack.url('/admin/'));
  await inViewer('login-username').fill('lanh-dao');
  await inViewer('login-password').fill('mat-khau-lanh-dao');
  await inViewer('login-submit').click();
  await inViewer('whoami-role').waitFor();
  assert.equal((await inViewer('whoami-role').textContent()).trim(), 'Chỉ xem');
  // Only the contests and the account: no banks (they hold the answers), no new contest.
  await inViewer('nav-contests').waitFor();
  assert.equal(await inViewer('nav-contests').getAttribute('aria-current'), 'page');
  assert.equal(await inViewer('nav-banks').isVisible(), false);
  assert.equal(await inViewer('nav-new-contest').isVisible(), false);
  // Only the contest the account names.
  const card = inViewer(`contest-${CONTEST}`);
  await card.waitFor();
  assert.deepEqual(await viewer.locator('[data-testid^="contest-"][data-contest]').evaluateAll(
    (els) => els.map((el) => el.dataset.contest)), [CONTEST]);
  await card.locator('summary').click();
  const round = card.locator('[data-testid="round-ky-1"]');
  await round.locator('[data-testid="round-view"]').click();
  await round.locator('[data-testid="published-results"]').waitFor();
  for (const id of ['round-close', 'round-finalize', 'round-publish', 'round-csv', 'round-xlsx']) {
    assert.equal(await round.locator(`[data-testid="${id}"]`).count(), 0, id);
  }
  const masked = `${CONTESTANT.phone.slice(0, 3)}****${CONTESTANT.phone.slice(-3)}`;
  assert.equal((await round.locator('[data-testid="ranking-row"] [data-col="phone"]').first().textContent()).trim(), masked);
  await screenshot(viewer, 'admin-viewer-desktop');
  assert.deepEqual(viewer.errors.map(String), []);
  await viewer.context().close();
});
