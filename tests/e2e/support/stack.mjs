// The e2e harness: a real redis-server on a free port, the real gateway
// binary serving the real web/ folder, the real CLI to load banks and
// organiser accounts, and Debian's Chromium driven by playwright-core.
// Everything listens on 127.0.0.1 and is stopped by the test that started it.
//
//   const stack = await startStack();             // Redis + gateway
//   await stack.cli(['bank', 'import', file]);    // the reformquiz CLI
//   await stack.addOrganiser('admin', 'mật-khẩu-thử-1');
//   const browser = await launchBrowser();
//   const page = await newPage(browser, 'phone'); // or 'desktop'
//   await page.goto(stack.url('/'));
//   await screenshot(page, 'contestant-register');
//   await browser.close(); await stack.stop();

import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SOURCE_DIR = path.resolve(here, '../../..');
const BUILD_DIR = process.env.REFORMQUIZ_BUILD_DIR || path.join(SOURCE_DIR, 'build');
export const SERVER_BIN = process.env.REFORMQUIZ_SERVER_BIN || path.join(BUILD_DIR, 'server/app/reformquiz-server');
export const CLI_BIN = process.env.REFORMQUIZ_CLI_BIN || path.join(BUILD_DIR, 'server/cli/reformquiz');
export const SCREENSHOT_DIR = process.env.REFORMQUIZ_SCREENSHOTS || path.join(BUILD_DIR, 'e2e-screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1366, height: 900 },
};

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Polls check every 50 ms until it returns something truthy (returned) or the
// timeout passes (throws, naming what was awaited).
export async function until(what, timeoutMs, check) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

// Waits until the element shows exactly `expected` (its text, trimmed); after
// 10 s the assertion fails with what it shows instead.
export async function waitText(locator, expected) {
  await locator.waitFor();
  const deadline = Date.now() + 10000;
  for (;;) {
    const actual = (await locator.textContent()).trim();
    if (actual === expected) return;
    if (Date.now() > deadline) assert.equal(actual, expected);
    await sleep(50);
  }
}

function redisPing(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => { socket.destroy(); resolve(data.toString().startsWith('+PONG')); });
    socket.on('error', () => resolve(false));
  });
}

function run(bin, args, { input = '', env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    // A program that exits without reading its input (redis-cli, nginx -t)
    // makes the write fail with EPIPE; its exit code tells what went wrong.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

function stopChild(child, signal = 'SIGTERM') {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill(signal);
  });
}

export async function startRedis(dir, port) {
  port = port || await freePort();
  mkdirSync(dir, { recursive: true });
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir,
    '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--hash-max-listpack-value', '1024',
    '--logfile', path.join(dir, 'redis.log')],
  { stdio: 'ignore' });
  await until('redis-server', 10000, () => redisPing(port));
  return { port, url: `redis://127.0.0.1:${port}/0`, child, stop: () => stopChild(child) };
}

export async function startGateway(redisUrl, dir, webRoot = path.join(SOURCE_DIR, 'web'), port = 0) {
  const logFile = path.join(dir, `gateway-${Date.now()}.log`);
  const child = spawn(SERVER_BIN, ['--listen', `127.0.0.1:${port}`, '--redis', redisUrl, '--web', webRoot],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  child.on('exit', () => writeFileSync(logFile, log));
  const found = await until('the gateway to listen', 15000, () => {
    if (child.exitCode !== null) throw new Error(`the gateway exited: ${log}`);
    let listening = 0;
    let redisUp = false;
    for (const line of log.split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        const entry = JSON.parse(line);
        if (entry.msg === 'listening') listening = entry.port;
        if (entry.msg === 'redis connected') redisUp = true;
      } catch { /* a partial line */ }
    }
    return listening && redisUp ? listening : 0;
  });
  return { port: found, child, log: () => log, stop: (signal) => stopChild(child, signal) };
}

// Starts Redis and a gateway. stack.restartGateway() stops the gateway and
// starts it again on the same port (a server restart as a browser sees it).
export async function startStack() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rq-e2e-'));
  const redis = await startRedis(path.join(dir, 'redis'));
  let gateway = await startGateway(redis.url, dir);
  const env = { REDIS_URL: redis.url };
  const stack = {
    dir,
    redisUrl: redis.url,
    get port() { return gateway.port; },
    url: (p = '/') => `http://127.0.0.1:${gateway.port}${p}`,
    gatewayLog: () => gateway.log(),
    async cli(args, input = '') {
      const result = await run(CLI_BIN, args, { input, env });
      if (result.code !== 0) throw new Error(`reformquiz ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
      return result.stdout;
    },
    async addOrganiser(username, password) {
      await stack.cli(['admin', 'add', username], `${password}\n`);
    },
    async importBank(file, id) {
      await stack.cli(['bank', 'import', file, ...(id ? ['--id', id] : [])]);
    },
    // Writes a contest configuration and creates it through the CLI.
    async createContest(config) {
      const file = path.join(dir, `contest-${config.id}.json`);
      writeFileSync(file, JSON.stringify(config));
      await stack.cli(['contest', 'create', file]);
    },
    async restartGateway() {
      const port = gateway.port;
      await gateway.stop();
      gateway = await startGateway(redis.url, dir, undefined, port);
    },
    async stop() {
      await gateway.stop();
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return stack;
}

// The reformquiz CLI against a Redis of one's own (startStack's stack.cli
// does this for its own Redis).
export async function runCli(redisUrl, args, input = '') {
  const result = await run(CLI_BIN, args, { input, env: { REDIS_URL: redisUrl } });
  if (result.code !== 0) throw new Error(`reformquiz ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}

// One redis-cli command; its raw output without the final line break.
export async function redisCli(port, ...args) {
  const result = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), '--raw', ...args]);
  if (result.code !== 0) throw new Error(`redis-cli ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return result.stdout.replace(/\n$/, '');
}

// The value of one series of a gateway's /metrics (exact name and labels as
// printed, e.g. 'reformquiz_connections_open{kind="websocket"}'), or null.
export async function gatewayMetric(port, series) {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  const body = await res.text();
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
}

// Debian's nginx in front of gateways, as scripts/cluster_lib.sh sets it up
// (one upstream, round robin, a refused or silent gateway skipped, WebSocket
// upgrades passed on), except that it proxies the pages too rather than
// serving web/ itself: a test needs only the proxy's part. Every path nginx
// writes (pid, logs, temp files) is under dir/nginx/, so it needs nothing
// of the machine's own nginx.
//
//   const proxy = await startNginx({ upstreams: [gatewayA.port, gatewayB.port], dir });
//   await page.goto(proxy.url('/'));   ...   await proxy.stop();
export async function startNginx({ upstreams, dir, port, failTimeoutS = 2 }) {
  port = port || await freePort();
  const root = path.join(dir, 'nginx');
  for (const sub of ['logs', 'temp']) mkdirSync(path.join(root, sub), { recursive: true });
  const servers = upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=${failTimeoutS}s;`).join('\n');
  // As root the workers would otherwise run as nobody, who may not enter
  // the test's private temp folder.
  const user = process.getuid?.() === 0 ? 'user root root;' : '';
  const headers = `
      proxy_set_header Host $host;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;`;
  const conf = `${user}
worker_processes 1;
pid ${root}/nginx.pid;
error_log ${root}/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log ${root}/logs/access.log;
  client_body_temp_path ${root}/temp/client_body;
  proxy_temp_path ${root}/temp/proxy;
  fastcgi_temp_path ${root}/temp/fastcgi;
  uwsgi_temp_path ${root}/temp/uwsgi;
  scgi_temp_path ${root}/temp/scgi;
  client_max_body_size 11m;
  map $http_upgrade $connection_upgrade {
    default upgrade;
    ''      close;
  }
  upstream reformquiz_gateways {
${servers}
    keepalive 8;
    keepalive_timeout 20s;
  }
  server {
    listen 127.0.0.1:${port};
    proxy_http_version 1.1;
    proxy_connect_timeout 2s;
    proxy_next_upstream error timeout;
    proxy_next_upstream_tries 3;
    location / {
      proxy_pass http://reformquiz_gateways;${headers}
      proxy_set_header Connection "";
    }
    location = /ws {
      proxy_pass http://reformquiz_gateways;${headers}
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_read_timeout 3600s;
      proxy_send_timeout 3600s;
      proxy_buffering off;
    }
  }
}
`;
  const confFile = path.join(root, 'nginx.conf');
  writeFileSync(confFile, conf);
  const errorLog = path.join(root, 'logs/error.log');
  // -e: the error log before the configuration is read (else /var/log/nginx/).
  const args = ['-p', `${root}/`, '-e', errorLog, '-c', confFile];
  const check = await run('nginx', [...args, '-t', '-q']);
  if (check.code !== 0) throw new Error(`nginx refuses ${confFile}: ${check.stderr}`);
  const child = spawn('nginx', [...args, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let out = '';
  child.stderr.on('data', (d) => { out += d; });
  await until('nginx to listen', 10000, () => {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${out}`);
    return new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.on('connect', () => { socket.destroy(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
  });
  return {
    port,
    child,
    url: (p = '/') => `http://127.0.0.1:${port}${p}`,
    errorLog: () => readFileSync(errorLog, 'utf8'),
    // SIGTERM: nginx's fast shutdown, which does not wait for WebSockets.
    stop: () => stopChild(child),
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
}

// A fresh context (its own storage) per page, at phone or desktop size.
export async function newPage(browser, size = 'phone', options = {}) {
  const context = await browser.newContext({
    viewport: VIEWPORTS[size],
    isMobile: size === 'phone',
    hasTouch: size === 'phone',
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    acceptDownloads: true,
    ...options,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  // A page error is a failed test, not a silent console line.
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error));
  return page;
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// ISO-8601 with an offset, minutes from now (negative: in the past).
export function isoFromNow(minutes) {
  return new Date(Date.now() + minutes * 60000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function readJson(file) { return JSON.parse(readFileSync(file, 'utf8')); }
