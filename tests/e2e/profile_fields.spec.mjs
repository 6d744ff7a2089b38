// The registration fields a contest may add (profile_fields: gender,
// address, commune; each "no", "optional" or "required") in a real browser
// against the real gateway and Redis: shown between the category and the ID
// number only when asked, labelled required or optional, the server's
// errors at each field in Vietnamese and English, sent only when asked and
// filled, and stored with the participant as the server checked them (read
// back from Redis). The commune is chosen from the contest's list when it
// has one and typed otherwise. Screenshots at phone width, axe's WCAG 2 A/AA
// rules on each form at both widths.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  startStack, launchBrowser, newPage, screenshot, isoFromNow, redisCli, waitText, VIEWPORTS,
} from './support/stack.mjs';
import { HOA, BINH, sendRegistration } from './support/contestant-page.mjs';
import { assertAccessible } from './support/axe.mjs';

// A round needs a bank; two questions are enough, no one enters here.
const BANK = {
  id: 'hai-cau', title: 'Hai câu hỏi', language: 'vi', topics: [{ id: 'chung', name: 'Chung' }],
  questions: [
    { id: 'hc-1', topic: 'chung', text: 'Cơ chế một cửa được thực hiện tại đâu?',
      options: [{ id: 'a', text: 'Bộ phận Một cửa' }, { id: 'b', text: 'Nhà văn hóa' }], correct: ['a'] },
    { id: 'hc-2', topic: 'chung', text: 'Cơ quan nào là cơ quan hành chính nhà nước?',
      options: [{ id: 'a', text: 'Ủy ban nhân dân tỉnh' }, { id: 'b', text: 'Tòa án nhân dân tỉnh' }], correct: ['a'] },
  ],
};

const COMMUNES = [{ id: 'xa-tam-ky', name: 'Xã Tam Kỳ' }, { id: 'phuong-hoi-an', name: 'Phường Hội An' },
  { id: 'dac-khu-hoang-sa', name: 'Đặc khu Hoàng Sa' }];

function contest(id, title, extra) {
  return {
    id, title,
    categories: [{ id: 'cbccvc', name: 'Cán bộ, công chức, viên chức' }, { id: 'nhan-dan', name: 'Nhân dân' }],
    units: [{ id: 'so-noi-vu', name: 'Sở Nội vụ', headcount: 20 }, { id: 'ubnd-phuong-1', name: 'UBND Phường 1', headcount: 10 }],
    rounds: [{ id: 'ky-1', title: 'Kỳ 1', opens_at: isoFromNow(-5), closes_at: isoFromNow(60), bank: BANK.id,
      draw: { count: 2 }, time_limit_s: 300 }],
    ...extra,
  };
}

// Gender required, address optional, commune required from a list.
const FULL = contest('ho-so-day-du', 'Cuộc thi hỏi đủ thông tin', {
  profile_fields: { gender: 'required', address: 'optional', commune: 'required' }, communes: COMMUNES,
});
// Nothing beyond the usual fields.
const PLAIN = contest('ho-so-co-ban', 'Cuộc thi hỏi thông tin cơ bản', {});
// Address and commune required, the commune typed (no list).
const TYPED = contest('xa-tu-nhap', 'Cuộc thi tự nhập xã, phường', {
  profile_fields: { gender: 'no', address: 'required', commune: 'required' },
});

const BASE_FIELDS = ['name', 'phone', 'birth_date', 'unit', 'category', 'id_number', 'email', 'password'];
const SUMMARY_2 = 'Thông tin chưa đúng ở 2 mục. Vui lòng sửa các mục được đánh dấu.';
const SUMMARY_1 = 'Thông tin chưa đúng ở 1 mục. Vui lòng sửa các mục được đánh dấu.';

let stack;
let browser;
const pages = [];

// A phone page on the contest's registration form; `sent` collects the
// profile of every register message it sends.
async function openForm(contestId) {
  const p = await newPage(browser, 'phone');
  pages.push(p);
  p.sent = [];
  p.on('websocket', (socket) => socket.on('framesent', (frame) => {
    try {
      const msg = JSON.parse(frame.payload);
      if (msg.type === 'register') p.sent.push(msg.profile);
    } catch { /* not ours */ }
  }));
  await p.goto(stack.url(`/?contest=${contestId}`));
  await p.locator('#reg-name').waitFor();
  return p;
}

const text = (p, selector) => p.locator(selector).innerText();
const fieldOrder = (p) => p.locator('#register-form .field').evaluateAll((els) => els.map((e) => e.dataset.field));
const options = (p, selector) => p.locator(`${selector} option`).evaluateAll((els) =>
  els.map((o) => [o.value, o.textContent]));
const lastSentKeys = (p) => Object.keys(p.sent.at(-1)).sort();

// The participant as Redis holds it: HGETALL of rq:{contest}:participant:<id>,
// found through the contest's phone index.
async function storedParticipant(contestId, phone) {
  const port = new URL(stack.redisUrl).port;
  const id = await redisCli(port, 'HGET', `rq:{${contestId}}:phones`, phone);
  assert.ok(id, `a participant for ${phone} in ${contestId}`);
  const lines = (await redisCli(port, 'HGETALL', `rq:{${contestId}}:participant:${id}`)).split('\n');
  const hash = {};
  for (let i = 0; i + 1 < lines.length; i += 2) hash[lines[i]] = lines[i + 1];
  return hash;
}


async function shot(p, name) {
  await p.evaluate(() => window.scrollTo(0, 0));
  await screenshot(p, `profile-fields-${name}-phone`);
}

before(async () => {
  stack = await startStack();
  const bankFile = path.join(stack.dir, `${BANK.id}.json`);
  writeFileSync(bankFile, JSON.stringify(BANK));
  await stack.importBank(bankFile, BANK.id);
  for (const c of [FULL, PLAIN, TYPED]) await stack.createContest(c);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
  for (const p of pages) assert.deepEqual(p.errors.map(String), [], 'no page errors');
});

test('gender, address and commune are asked after the category, labelled required or optional', async () => {
  const p = await openForm(FULL.id);
  assert.deepEqual(await fieldOrder(p),
    ['name', 'phone', 'birth_date', 'unit', 'category', 'gender', 'address', 'commune', 'id_number', 'email', 'password']);
  assert.equal(await text(p, 'label[for="reg-gender"]'), 'Giới tính *');
  assert.equal(await text(p, 'label[for="reg-address"]'), 'Địa chỉ (không bắt buộc)');
  assert.equal(await text(p, 'label[for="reg-commune"]'), 'Xã, phường, đặc khu *');
  assert.deepEqual(await options(p, '#reg-gender'), [['', '— Chọn —'], ['male', 'Nam'], ['female', 'Nữ']]);
  assert.deepEqual(await options(p, '#reg-commune'),
    [['', '— Chọn —'], ...COMMUNES.map((c) => [c.id, c.name])]);
  assert.equal(await p.locator('#reg-address').evaluate((el) => `${el.tagName} ${el.type} ${el.autocomplete}`),
    'INPUT text street-address');
  // Required for the browser and a screen reader; the optional one is neither.
  const marks = (id) => p.locator(id).evaluate((el) => [el.required, el.getAttribute('aria-required')]);
  assert.deepEqual(await marks('#reg-gender'), [true, 'true']);
  assert.deepEqual(await marks('#reg-commune'), [true, 'true']);
  assert.deepEqual(await marks('#reg-address'), [false, null]);

  // In English, in place.
  await p.click('#lang-switch');
  await p.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await text(p, 'label[for="reg-gender"]'), 'Gender *');
  assert.equal(await text(p, 'label[for="reg-address"]'), 'Address (optional)');
  assert.equal(await text(p, 'label[for="reg-commune"]'), 'Commune, ward or township *');
  assert.deepEqual(await options(p, '#reg-gender'), [['', '— Choose —'], ['male', 'Male'], ['female', 'Female']]);
  await p.click('#lang-switch');
  await p.waitForFunction(() => document.documentElement.lang === 'vi');
  assert.deepEqual(await options(p, '#reg-gender'), [['', '— Chọn —'], ['male', 'Nam'], ['female', 'Nữ']]);

  await shot(p, 'form');
  await assertAccessible(p, 'the form with the three fields');
});

test('gender and commune left out are errors at their fields; Nữ and a commune register and are stored', async () => {
  const p = await openForm(FULL.id);
  await sendRegistration(p, HOA);
  await p.locator('#reg-gender[aria-invalid="true"]').waitFor();
  // Nothing of the three was sent: none was filled.
  assert.deepEqual(lastSentKeys(p), ['birth_date', 'category', 'name', 'password', 'phone', 'unit']);
  assert.equal(await text(p, '#reg-gender-error'), 'Vui lòng chọn giới tính.');
  assert.equal(await p.getAttribute('#reg-commune', 'aria-invalid'), 'true');
  assert.equal(await text(p, '#reg-commune-error'), 'Vui lòng chọn xã, phường, đặc khu.');
  assert.match(await p.getAttribute('#reg-gender', 'aria-describedby'), /\breg-gender-error\b/);
  assert.match(await p.getAttribute('#reg-commune', 'aria-describedby'), /\breg-commune-error\b/);
  for (const ok of ['name', 'phone', 'birth_date', 'unit', 'category', 'address', 'password']) {
    assert.equal(await p.getAttribute(`#reg-${ok}`, 'aria-invalid'), null, `${ok} is fine`);
  }
  assert.equal(await text(p, '#reg-summary'), SUMMARY_2);
  // The first field to fix, in the form's order.
  assert.equal(await p.evaluate(() => document.activeElement.id), 'reg-gender');
  await shot(p, 'errors');
  await assertAccessible(p, 'the form with errors');

  // The same errors in English, translated in place.
  await p.click('#lang-switch');
  await waitText(p.locator('#reg-gender-error'), 'Please choose your gender.');
  await waitText(p.locator('#reg-commune-error'), 'Please choose your commune, ward or township.');
  await waitText(p.locator('#reg-summary'), '2 fields need correcting. Please fix the marked fields.');
  await p.click('#lang-switch');
  await waitText(p.locator('#reg-gender-error'), 'Vui lòng chọn giới tính.');

  // An address too short for the server (the optional field, filled).
  await p.selectOption('#reg-gender', { label: 'Nữ' });
  await p.selectOption('#reg-commune', 'phuong-hoi-an');
  await p.fill('#reg-address', 'Số  1');
  await p.click('#reg-submit');
  await p.locator('#reg-address[aria-invalid="true"]').waitFor();
  assert.equal(await text(p, '#reg-address-error'), 'Địa chỉ cần ít nhất 5 ký tự.');
  assert.equal(await p.getAttribute('#reg-gender', 'aria-invalid'), null);
  assert.equal(await p.getAttribute('#reg-commune', 'aria-invalid'), null);
  assert.equal(await text(p, '#reg-summary'), SUMMARY_1);
  assert.equal(await p.evaluate(() => document.activeElement.id), 'reg-address');

  // Left empty, it is not sent, and the registration goes through.
  await p.fill('#reg-address', '');
  await p.click('#reg-submit');
  await p.locator('[data-testid="participant-name"]').waitFor();
  assert.deepEqual(p.sent.at(-1), {
    name: HOA.name, phone: HOA.phone, birth_date: HOA.birth, unit: HOA.unit, category: HOA.category,
    password: HOA.password, gender: 'female', commune: 'phuong-hoi-an',
  });
  const stored = await storedParticipant(FULL.id, HOA.phone);
  assert.equal(stored.gender, 'female');
  assert.equal(stored.commune, 'phuong-hoi-an');
  assert.equal(stored.name, HOA.name);
  assert.ok(!('address' in stored), `no address stored: ${Object.keys(stored).join(', ')}`);
});

test('a contest that asks none of them shows none and sends none', async () => {
  const p = await openForm(PLAIN.id);
  assert.deepEqual(await fieldOrder(p), BASE_FIELDS);
  for (const name of ['gender', 'address', 'commune']) {
    assert.equal(await p.locator(`#reg-${name}`).count(), 0, `no ${name} field`);
  }
  await shot(p, 'none');
  await sendRegistration(p, BINH);
  await p.locator('[data-testid="participant-name"]').waitFor();
  assert.deepEqual(lastSentKeys(p), ['birth_date', 'category', 'name', 'password', 'phone', 'unit']);
  const stored = await storedParticipant(PLAIN.id, BINH.phone);
  for (const name of ['gender', 'address', 'commune']) assert.ok(!(name in stored), `no ${name} stored`);
});

test('without a list the commune is typed: required, at least 2 characters, stored as typed', async () => {
  const p = await openForm(TYPED.id);
  assert.deepEqual(await fieldOrder(p),
    ['name', 'phone', 'birth_date', 'unit', 'category', 'address', 'commune', 'id_number', 'email', 'password']);
  assert.equal(await text(p, 'label[for="reg-address"]'), 'Địa chỉ *');
  assert.equal(await text(p, 'label[for="reg-commune"]'), 'Xã, phường, đặc khu *');
  assert.equal(await p.locator('#reg-commune').evaluate((el) => `${el.tagName} ${el.type} ${el.required}`),
    'INPUT text true');
  assert.equal(await p.locator('#reg-gender').count(), 0);
  await assertAccessible(p, 'the form with a typed commune');

  // Both left empty: asked to be typed.
  await sendRegistration(p, HOA);
  await p.locator('#reg-commune[aria-invalid="true"]').waitFor();
  assert.equal(await text(p, '#reg-address-error'), 'Vui lòng nhập địa chỉ.');
  assert.equal(await text(p, '#reg-commune-error'), 'Vui lòng nhập tên xã, phường, đặc khu.');
  assert.equal(await text(p, '#reg-summary'), SUMMARY_2);
  assert.equal(await p.evaluate(() => document.activeElement.id), 'reg-address');

  // One character is too short.
  await p.fill('#reg-address', 'Số 12  đường Trần Phú');
  await p.fill('#reg-commune', 'X');
  await p.click('#reg-submit');
  await waitText(p.locator('#reg-summary'), SUMMARY_1);
  assert.equal(await p.getAttribute('#reg-commune', 'aria-invalid'), 'true');
  assert.equal(await text(p, '#reg-commune-error'), 'Tên xã, phường, đặc khu cần ít nhất 2 ký tự.');
  assert.equal(await p.getAttribute('#reg-address', 'aria-invalid'), null);
  assert.equal(await p.evaluate(() => document.activeElement.id), 'reg-commune');
  await shot(p, 'typed-commune-error');
  await p.click('#lang-switch');
  await waitText(p.locator('#reg-commune-error'),
    'The name of the commune, ward or township needs at least 2 characters.');
  await p.click('#lang-switch');
  await waitText(p.locator('#reg-commune-error'), 'Tên xã, phường, đặc khu cần ít nhất 2 ký tự.');

  // A real name registers; the server keeps one space between words.
  await p.fill('#reg-commune', 'Phường   Hội An');
  await p.click('#reg-submit');
  await p.locator('[data-testid="participant-name"]').waitFor();
  assert.equal(p.sent.at(-1).commune, 'Phường   Hội An');
  const stored = await storedParticipant(TYPED.id, HOA.phone);
  assert.equal(stored.commune, 'Phường Hội An');
  assert.equal(stored.address, 'Số 12 đường Trần Phú');
  assert.ok(!('gender' in stored), 'no gender stored');
});
