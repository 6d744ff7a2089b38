// What a contestant sees during a failover (issue 11): a real Redis, two
// real gateways behind Debian's nginx, and the contestant's phone page loaded
// through nginx. The gateway holding the page's WebSocket is killed: the page
// says it is reconnecting, keeps the answers and the clock, keeps a choice
// tapped meanwhile as "saving", and carries on through the other gateway.
// Then the store itself goes away for a few seconds: the gateway answers
// `unavailable`, the page says so and sends the choice again by itself; a
// reload during a second outage keeps the login. Last, a registration that ran but was
// answered `unavailable` is sent again and ends logged in, not refused.
//
//   cd tests/e2e && node --test failover.spec.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  startRedis, startGateway, startNginx, runCli, redisCli, gatewayMetric, launchBrowser, newPage, screenshot,
  isoFromNow, readJson, until, SOURCE_DIR,
} from './support/stack.mjs';
import { HOA, BINH, register } from './support/contestant-page.mjs';
import { rightTexts, chooseOnPage } from './support/answers.mjs';

const BANK_FILE = path.join(SOURCE_DIR, 'question_banks/cchc-2021-2030.vi.json');
const key = rightTexts(readJson(BANK_FILE));
const QUESTIONS = 5;
const CONTEST = {
  id: 'thu-chuyen-doi',
  title: 'Cuộc thi thử khi máy chủ gặp sự cố',
  categories: [{ id: 'cbccvc', name: 'Cán bộ, công chức, viên chức' }, { id: 'nhan-dan', name: 'Nhân dân' }],
  units: [{ id: 'so-noi-vu', name: 'Sở Nội vụ', block: 'so-nganh', headcount: 20 },
    { id: 'ubnd-phuong-1', name: 'UBND Phường 1', block: 'xa-phuong', headcount: 10 }],
  rounds: [{
    id: 'ky-1', title: 'Kỳ 1', opens_at: isoFromNow(-5), closes_at: isoFromNow(60), bank: 'cchc-2021-2030',
    draw: { count: QUESTIONS }, time_limit_s: 900, attempts: 1,
  }],
};
const WS_OPEN = 'reformquiz_connections_open{kind="websocket"}';

let dir;
let redis;
const gateways = [];
let nginx;
let browser;
const pages = [];

// Records on the page every data-state the connection banner and the save
// statuses take (a status shown for a moment between two checks counts
// too), and on this side every WebSocket frame.
async function open(url) {
  const p = await newPage(browser, 'phone');
  pages.push(p);
  await p.addInitScript(() => {
    window.__states = [];
    const seen = (el) => {
      if (el.id && el.dataset && el.dataset.state) window.__states.push(`${el.id}:${el.dataset.state}`);
    };
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes') seen(r.target);
        for (const n of r.addedNodes || []) {
          if (n.nodeType !== 1) continue;
          seen(n);
          n.querySelectorAll('[data-state]').forEach(seen);
        }
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
  });
  p.frames = [];
  p.on('websocket', (socket) => {
    const keep = (dirn) => (frame) => {
      try { p.frames.push({ dir: dirn, msg: JSON.parse(frame.payload) }); } catch { /* not JSON */ }
    };
    socket.on('framesent', keep('sent'));
    socket.on('framereceived', keep('received'));
  });
  await p.goto(url);
  return p;
}

const text = (p, selector) => p.locator(selector).innerText();
const states = (p) => p.evaluate(() => window.__states);


// What Redis holds for one question of an attempt: the option ids chosen
// (server/store/lua/attempt_answer.lua keeps them comma separated).
async function stored(attempt, question) {
  const value = await redisCli(redis.port, 'HGET', `rq:{${CONTEST.id}}:attempt:${attempt}`, `a:${question}`);
  return value.split(',').filter(Boolean).sort();
}

// Answers the question on screen right; waiting for its save is the caller's.
async function chooseRight(p) {
  const { question, chosen } = await chooseOnPage(p, key, true);
  return { question, chosen: [...chosen].sort() };
}

async function answerRightAndWait(p) {
  const answer = await chooseRight(p);
  await p.locator('#save-status[data-state="saved"]').waitFor();
  return answer;
}

async function startEntry(p, person) {
  await p.locator('#reg-name').waitFor();
  await register(p, person);
  await p.click('button[data-action="start"][data-round="ky-1"]');
  await p.locator('#entry #question').waitFor();
  return p.getAttribute('#entry', 'data-attempt');
}

async function submitAndReadScore(p) {
  await p.click('#submit-entry');
  await p.locator('#confirm-submit[open]').waitFor();
  await p.click('#confirm-submit-ok');
  await p.locator('[data-testid="result"]').waitFor({ timeout: 15000 });
  return { score: await text(p, '[data-testid="result-score"]'), correct: await text(p, '[data-testid="result-correct"]') };
}

function exited(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', resolve));
}

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'rq-e2e-failover-'));
  redis = await startRedis(path.join(dir, 'redis'));
  gateways.push(await startGateway(redis.url, dir), await startGateway(redis.url, dir));
  nginx = await startNginx({ upstreams: gateways.map((g) => g.port), dir });
  await runCli(redis.url, ['bank', 'import', BANK_FILE, '--id', 'cchc-2021-2030']);
  const file = path.join(dir, 'contest.json');
  writeFileSync(file, JSON.stringify(CONTEST));
  await runCli(redis.url, ['contest', 'create', file]);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await nginx?.stop();
  for (const g of gateways) {
    // A gateway left frozen by a failed test would not see its SIGTERM.
    g.child.kill('SIGCONT');
    await g.stop();
  }
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  for (const p of pages) assert.deepEqual(p.errors.map(String), [], 'no page errors');
});

test('the gateway serving the page dies and the entry carries on through another', async () => {
  const p = await open(nginx.url(`/?contest=${CONTEST.id}`));
  const attempt = await startEntry(p, HOA);
  const deadline = await p.getAttribute('#entry-countdown', 'data-deadline');
  const answers = [];
  for (let i = 0; i < 2; i += 1) {
    answers.push(await answerRightAndWait(p));
    await p.click('#next-question');
  }
  assert.equal(await text(p, '#answered-count'), `Đã trả lời 2/${QUESTIONS}`);

  // The page's one WebSocket is on one gateway; the other has none.
  const counts = await until('the page\'s WebSocket on one gateway', 5000, async () => {
    const c = await Promise.all(gateways.map((g) => gatewayMetric(g.port, WS_OPEN)));
    return c.reduce((a, b) => a + b, 0) === 1 ? c : null;
  });
  const holder = gateways[counts.indexOf(1)];
  const other = gateways[counts.indexOf(0)];

  // The other gateway is frozen for the moment the test taps, so that the
  // page's reconnect (500 ms after the drop) cannot win that race: nginx
  // hands the upgrade to it (the kernel accepts the connection) and the
  // page waits, as it would for a slow gateway. It resumes right after.
  const leftBefore = Number(await p.getAttribute('#entry-countdown', 'data-left'));
  const killedAt = Date.now();
  other.child.kill('SIGSTOP');
  let tapped;
  try {
    holder.child.kill('SIGKILL');
    await exited(holder.child);
    await p.locator('#connection[data-state="offline"]').waitFor();
    assert.equal(await text(p, '#connection'), 'Mất kết nối. Đang tự kết nối lại…');
    // A choice made while no gateway answers is kept on the page as saving.
    tapped = await chooseRight(p);
    await p.locator('#save-status[data-state="saving"]').waitFor();
    assert.equal(await text(p, '#save-status'), 'Đang lưu…');
    assert.equal(await text(p, '#answered-count'), `Đã trả lời 3/${QUESTIONS}`);
    assert.equal(await p.getAttribute('#connection', 'data-state'), 'offline', 'still down when tapped');
    await p.evaluate(() => window.scrollTo(0, 0));
    await screenshot(p, 'failover-reconnecting-phone');
  } finally {
    other.child.kill('SIGCONT');
  }

  // Through nginx to the other gateway: online again, the choice saved by
  // itself (no retry pressed), and in Redis.
  // (The banner is hidden once online: attached, not visible.)
  await p.locator('#connection[data-state="online"]').waitFor({ state: 'attached', timeout: 15000 });
  await p.locator('#save-status[data-state="saved"]').waitFor({ timeout: 15000 });
  assert.equal(await text(p, '#save-status'), 'Đã lưu câu trả lời.');
  assert.deepEqual(await stored(attempt, tapped.question), tapped.chosen);
  assert.equal(await gatewayMetric(other.port, WS_OPEN), 1, 'the page is now on the other gateway');
  // The same attempt and deadline; the countdown goes on from where it was
  // (the new welcome's clock offset moves it by no more than rounding).
  assert.equal(await p.getAttribute('#entry', 'data-attempt'), attempt);
  assert.equal(await p.getAttribute('#entry-countdown', 'data-deadline'), deadline);
  const leftAfter = Number(await p.getAttribute('#entry-countdown', 'data-left'));
  const elapsed = (Date.now() - killedAt) / 1000;
  assert.ok(Math.abs(leftBefore - elapsed - leftAfter) <= 2,
    `${leftBefore} s left before, ${leftAfter} s ${elapsed.toFixed(1)} s later`);
  assert.ok(Math.abs(leftAfter - (Number(deadline) - Date.now()) / 1000) <= 2, 'the countdown follows the deadline');
  assert.doesNotMatch(await text(p, '#entry'), /\bnull\b/);
  // The answers chosen before the drop are still there.
  assert.equal(await text(p, '#answered-count'), `Đã trả lời 3/${QUESTIONS}`);
  for (const a of answers) assert.deepEqual(await stored(attempt, a.question), a.chosen);
  assert.equal((await states(p)).filter((s) => s === 'save-status:failed').length, 0, 'no answer shown failed');

  // The rest, then submit: every answer counted.
  answers.push(tapped);
  for (let i = answers.length; i < QUESTIONS; i += 1) {
    await p.click('#next-question');
    answers.push(await answerRightAndWait(p));
  }
  assert.equal(new Set(answers.map((a) => a.question)).size, QUESTIONS);
  for (const a of answers) assert.deepEqual(await stored(attempt, a.question), a.chosen);
  assert.deepEqual(await submitAndReadScore(p), { score: `${QUESTIONS}/${QUESTIONS}`, correct: `${QUESTIONS}/${QUESTIONS}` });
  await p.context().close();
});

test('the store fails over and a choice made meanwhile is sent again by itself', async () => {
  // One gateway of its own, the page straight on it.
  const gateway = await startGateway(redis.url, dir);
  gateways.push(gateway);
  const p = await open(`http://127.0.0.1:${gateway.port}/?contest=${CONTEST.id}`);
  const attempt = await startEntry(p, BINH);
  const first = await answerRightAndWait(p);
  await p.click('#next-question');

  // Redis goes away (as a primary does before Sentinel promotes its
  // replica); the WebSocket stays up.
  const redisDir = path.join(dir, 'redis');
  const redisPort = redis.port;
  await redis.stop();
  const tapped = await chooseRight(p);
  await p.locator('#connection[data-state="unavailable"]').waitFor();
  assert.equal(await text(p, '#connection'),
    'Máy chủ tạm thời gián đoạn. Câu trả lời của bạn vẫn được giữ và sẽ tự động gửi lại…');
  assert.equal(await p.getAttribute('#save-status', 'data-state'), 'saving');
  assert.equal(await text(p, '#save-status'), 'Đang lưu…');
  assert.equal(await p.locator('#retry-save').count(), 0, 'nothing to press');
  // Sent again by the page itself while the store is still down.
  const sentFor = () => p.frames.filter((f) => f.dir === 'sent' && f.msg.type === 'answer'
    && f.msg.question === tapped.question);
  await until('the answer sent again', 10000, () => sentFor().length >= 2);
  const refused = p.frames.filter((f) => f.dir === 'received' && f.msg.type === 'error');
  assert.ok(refused.length >= 2 && refused.every((f) => f.msg.code === 'unavailable'),
    `refusals: ${JSON.stringify(refused.map((f) => f.msg.code))}`);
  await p.evaluate(() => window.scrollTo(0, 0));
  await screenshot(p, 'failover-store-unavailable-phone');

  // Back on the same port with the same data: saved without a click.
  redis = await startRedis(redisDir, redisPort);
  await p.locator('#save-status[data-state="saved"]').waitFor({ timeout: 20000 });
  await p.locator('#connection[data-state="online"]').waitFor({ state: 'attached' });
  assert.deepEqual(await stored(attempt, tapped.question), tapped.chosen);
  assert.deepEqual(await stored(attempt, first.question), first.chosen);
  const seen = await states(p);
  assert.ok(seen.includes('connection:unavailable'));
  assert.equal(seen.filter((s) => s === 'save-status:failed').length, 0, `never shown failed: ${seen.join(' ')}`);
  assert.equal(await p.locator('#question-nav .nav-item.failed').count(), 0);
  assert.equal(await text(p, '#answered-count'), `Đã trả lời 2/${QUESTIONS}`);

  // A reload while the store is down again: hello cannot read the token,
  // which the page keeps (no "session expired"), saying hello again until
  // the store answers; then the entry resumes as it stood.
  await redis.stop();
  const token = await p.evaluate((c) => localStorage.getItem(`rq.contestant.token.${c}`), CONTEST.id);
  assert.match(token, /^"[0-9a-f]{64}"$/);
  await p.reload();
  await p.locator('#connection[data-state="unavailable"]').waitFor();
  await until('hello said again', 10000, () => p.frames.filter((f) => f.dir === 'sent' && f.msg.type === 'hello'
    && f.msg.token).length >= 3);
  assert.equal(await p.evaluate((c) => localStorage.getItem(`rq.contestant.token.${c}`), CONTEST.id), token);
  assert.equal(await text(p, '#page-notice'), '');
  redis = await startRedis(redisDir, redisPort);
  await p.locator('#entry #question').waitFor({ timeout: 20000 });
  await p.locator('#connection[data-state="online"]').waitFor({ state: 'attached' });
  assert.equal(await p.getAttribute('#entry', 'data-attempt'), attempt);
  assert.equal(await text(p, '#answered-count'), `Đã trả lời 2/${QUESTIONS}`);

  // Submitted as it stands: both answers count.
  assert.deepEqual(await submitAndReadScore(p), { score: `2/${QUESTIONS}`, correct: `2/${QUESTIONS}` });
  await p.context().close();
});

test('a registration that ran but was answered unavailable logs the person in rather than refusing', async () => {
  // The reply to the first register is replaced by `unavailable` on its way
  // to the page, after the gateway stored the account: the store took the
  // write and failed before it could confirm it, as the page sees it.
  const person = { name: 'Lê Văn Cường', phone: '0398765432', birth: '1990-07-21', unit: 'ubnd-phuong-1',
    category: 'nhan-dan', password: 'mat-khau-cuong-1' };
  const p = await newPage(browser, 'phone');
  pages.push(p);
  const seen = [];
  const participants = []; // the participant id of each `registered` the gateway sent
  await p.routeWebSocket('**/ws', (ws) => {
    const server = ws.connectToServer();
    let swallowed = null;
    ws.onMessage((message) => {
      const msg = JSON.parse(message);
      seen.push(msg.type);
      if (msg.type === 'register' && swallowed === null) swallowed = msg.id;
      server.send(message);
    });
    server.onMessage((message) => {
      const msg = JSON.parse(message);
      if (msg.type === 'registered') participants.push(msg.participant.id);
      if (msg.id === swallowed && msg.type === 'registered') {
        ws.send(JSON.stringify({ type: 'error', id: msg.id, code: 'unavailable', message: 'the store is briefly unavailable' }));
        return;
      }
      ws.send(message);
    });
  });
  await p.goto(nginx.url(`/?contest=${CONTEST.id}`));
  await p.locator('#reg-name').waitFor();
  await register(p, person);
  assert.equal(await text(p, '[data-testid="participant-name"]'), person.name);
  assert.equal(await p.locator('#register-form').count(), 0, 'no "already registered" left to read');
  assert.deepEqual(seen.filter((t) => t === 'register' || t === 'login'), ['register', 'register', 'login']);
  // One account, the one the first register made, which the login found.
  assert.equal(participants.length, 2);
  assert.equal(participants[1], participants[0]);
  assert.equal(await redisCli(redis.port, 'HGET', `rq:{${CONTEST.id}}:phones`, person.phone), participants[0]);
  await p.context().close();
});
