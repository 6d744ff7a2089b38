// A WebSocket client for protocol v1 (docs/protocol.md), shared by every page.
//
// - request(type, fields) sends a message with a fresh id and resolves with
//   the reply carrying that id, or rejects with a ProtocolError for an
//   "error" reply (code, message, field, details kept).
// - Pushes (messages without an id) go to the handlers registered with on().
// - It reconnects by itself with backoff after a drop, a server restart or a
//   1001 close, says hello again (with the participant token when there is
//   one) and then calls onReady handlers, so a page can re-subscribe and
//   resume what it was doing. Requests made while offline wait for the
//   connection instead of failing at once.
// - The server gives each connection a budget (10 requests/s, bursts of 40,
//   at most 16 waiting for replies). Requests are sent at that pace, at most
//   MAX_IN_FLIGHT at a time, so a queue of hundreds built up offline drains
//   without being refused; one answered rate_limited is sent again after the
//   retry_after_ms the server gives, up to MAX_RETRIES times, before the
//   error reaches the caller.
// - The store failing over (the Redis primary lost, a replica promoted: a
//   few seconds) makes the gateway answer `unavailable`. That is transient,
//   so the request itself is sent again after a backoff (300 ms doubling to
//   5 s, with jitter) for about a minute before the error reaches the
//   caller: an answer stays "saving" and goes through by itself, with no
//   retry button to press. Meanwhile shownState is 'unavailable' (the socket
//   is up, the store is not) until the next reply that is not refused.
//   Every request the pages make is safe to send twice: the reads
//   (subscribe, entries, results), the idempotent writes (answer,
//   prediction, submit, attempt.start) and login (a second one only issues
//   another token). register alone may have run although it was answered
//   `unavailable` (the write reached the primary, not its replicas in
//   time), so its resend may be answered already_registered: that error
//   then carries afterUnavailable, and the registration form logs in with
//   the same phone and password instead (web/app/register.js).
//   A hello answered `unavailable` (the token could not be read) keeps the
//   token and is said again after the same backoff: the person is not
//   logged out by a failover.
// - serverNow() is the server's clock as of now, from the offset measured at
//   each welcome, so countdowns stay right when the device's clock is wrong.

// Half of the 16 replies the server lets wait: room for hello and a resend.
const MAX_IN_FLIGHT = 8;
// A little under the server's 10 requests/s with bursts of 40: its clock and
// ours tick apart, and hello takes from the same budget.
const RATE_PER_S = 9;
const BURST = 36;
const MAX_RETRIES = 5;
// A longer wait is not the budget but a lockout (too many failed logins):
// the person is told at once rather than kept waiting for minutes.
const MAX_RETRY_WAIT_MS = 10000;
// A request answered `unavailable` is sent again after this, doubling up to
// the cap; a failover takes a few seconds, Sentinel's own down-after and
// election included, so a minute covers a slow one with room to spare.
const UNAVAILABLE_FIRST_MS = 300;
const UNAVAILABLE_MAX_MS = 5000;
const UNAVAILABLE_GIVE_UP_MS = 60000;

export class ProtocolError extends Error {
  constructor(reply) {
    super(reply.message || reply.code);
    this.code = reply.code;
    this.field = reply.field;
    this.details = reply.details || [];
    // The request had been answered `unavailable` before and was sent
    // again: it may have run the first time (see register).
    this.afterUnavailable = false;
  }
}

// The server's wait plus up to a fifth more (and 50 ms), so requests refused
// together do not all come back at the same moment.
function withJitter(ms) {
  return ms + Math.round(Math.random() * (50 + ms / 5));
}

// The next wait of a request (or hello) answered `unavailable`, from the
// last one (0 the first time).
function nextUnavailableWait(last) {
  return last ? Math.min(last * 2, UNAVAILABLE_MAX_MS) : UNAVAILABLE_FIRST_MS;
}

function retryAfter(msg) {
  const ms = Number(msg.retry_after_ms);
  return msg.code === 'rate_limited' && Number.isFinite(ms) && ms >= 0 && ms <= MAX_RETRY_WAIT_MS ? ms : null;
}

export class WsClient {
  constructor({ url, lang = 'vi', token = null } = {}) {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.url = url || `${scheme}://${location.host}/ws`;
    this.lang = lang;
    this.token = token;
    this.offset = 0;           // server time minus device time, ms
    this.state = 'connecting'; // connecting | online | offline: the socket's
    // The last reply said the store is unavailable; cleared by the next one
    // that is not refused. See shownState.
    this.storeUnavailable = false;
    this.helloWait = 0;        // hello's backoff after `unavailable`, ms
    this.welcome = null;
    this.nextId = 1;
    // Every request until its reply: id -> {resolve, reject, frame, retries,
    // unavailableSince, unavailableWait}.
    // Each id is in exactly one of: the queue, inFlight, or a retry timer.
    this.pending = new Map();
    this.queue = [];           // ids waiting to be sent, oldest first
    this.inFlight = new Set(); // ids sent on this connection, not answered yet
    this.tokens = BURST;       // what is left of the connection's budget
    this.tokensAt = Date.now();
    this.holdUntil = 0;        // after a rate_limited reply, nothing is sent before this
    this.pumpTimer = null;
    this.handlers = new Map(); // push type -> [fn]
    this.readyHandlers = [];
    this.stateHandlers = [];
    this.retryMs = 500;
    this.socket = null;
    this.stopped = false;
  }

  serverNow() { return Date.now() + this.offset; }

  // What a page shows: the socket's state, or 'unavailable' while the
  // socket is up but the store refuses (requests wait to be sent again).
  // `state` itself keeps meaning the socket, for pages that only care
  // whether their subscriptions live (web/results/live.js).
  get shownState() {
    const open = this.socket && this.socket.readyState === WebSocket.OPEN;
    return this.storeUnavailable && open ? 'unavailable' : this.state;
  }

  on(type, fn) {
    if (!this.handlers.has(type)) this.handlers.set(type, []);
    this.handlers.get(type).push(fn);
  }

  // Called after every welcome (the first and each reconnect).
  onReady(fn) { this.readyHandlers.push(fn); }

  // fn(shownState) at every change of the socket's state or of the store's.
  onState(fn) { this.stateHandlers.push(fn); }

  start() { this.connect(); return this; }

  stop() {
    this.stopped = true;
    clearTimeout(this.pumpTimer);
    if (this.socket) this.socket.close(1000);
  }

  setState(state) {
    this.state = state;
    this.notifyState();
  }

  setStoreUnavailable(unavailable) {
    if (this.storeUnavailable === unavailable) return;
    this.storeUnavailable = unavailable;
    this.notifyState();
  }

  notifyState() {
    const shown = this.shownState;
    for (const fn of this.stateHandlers) fn(shown);
  }

  connect() {
    if (this.stopped) return;
    this.setState(this.state === 'online' ? 'offline' : this.state);
    const ws = new WebSocket(this.url);
    this.socket = ws;
    ws.addEventListener('open', () => {
      // A new connection has a budget of its own.
      this.tokens = BURST;
      this.tokensAt = Date.now();
      this.holdUntil = 0;
      this.sayHello();
    });
    ws.addEventListener('message', (event) => this.receive(event.data));
    ws.addEventListener('close', () => {
      if (this.socket !== ws) return;
      this.socket = null;
      // Requests sent on the lost connection are sent again on the next one,
      // ahead of those that never left: every request the pages make is
      // safe to repeat (answers, prediction, submit and attempt.start are
      // idempotent on the server).
      this.queue = [...this.inFlight, ...this.queue];
      this.inFlight.clear();
      clearTimeout(this.pumpTimer);
      this.pumpTimer = null;
      // The next connection finds out about the store afresh (its hello or
      // a resend says so again).
      this.storeUnavailable = false;
      this.setState('offline');
      if (this.stopped) return;
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 8000);
    });
  }

  // hello goes first and bypasses the queue: nothing else may reach the
  // server before the session knows who it is.
  sayHello() {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return;
    const hello = { type: 'hello', id: 0, lang: this.lang };
    if (this.token) hello.token = this.token;
    this.takeToken();
    this.socket.send(JSON.stringify(hello));
  }

  receive(text) {
    let msg;
    try { msg = JSON.parse(text); } catch { return; }
    if (msg.id === 0) return this.welcomed(msg);
    if (msg.id !== undefined && this.pending.has(msg.id)) {
      const p = this.pending.get(msg.id);
      this.inFlight.delete(msg.id);
      const wait = msg.type === 'error' ? retryAfter(msg) : null;
      if (wait !== null && p.retries < MAX_RETRIES) {
        p.retries += 1;
        this.retryLater(msg.id, wait);
      } else if (msg.type === 'error' && msg.code === 'unavailable' && this.resendLater(msg.id, p)) {
        this.setStoreUnavailable(true);
      } else {
        this.pending.delete(msg.id);
        // A budget refusal says nothing of the store; any other reply means
        // it answered.
        if (!(msg.type === 'error' && (msg.code === 'rate_limited' || msg.code === 'unavailable'))) {
          this.setStoreUnavailable(false);
        }
        if (msg.type === 'error') {
          const error = new ProtocolError(msg);
          error.afterUnavailable = p.unavailableSince !== null;
          p.reject(error);
        } else p.resolve(msg);
      }
      this.pump();
      return;
    }
    for (const fn of this.handlers.get(msg.type) || []) fn(msg);
  }

  welcomed(msg) {
    if (msg.type === 'error' && msg.code === 'unavailable') {
      // The store could not read the token: it is still good, so it is
      // kept (dropping it would log the person out over a failover) and
      // hello is said again, with no give-up: nothing else can go before it.
      this.helloWait = nextUnavailableWait(this.helloWait);
      this.setStoreUnavailable(true);
      const ws = this.socket;
      setTimeout(() => { if (this.socket === ws) this.sayHello(); }, withJitter(this.helloWait));
      return;
    }
    if (msg.type === 'error') {
      // Too many requests, or the server busy: the token is still good,
      // hello is said again when the server says.
      const wait = retryAfter(msg);
      if (wait !== null) {
        const ws = this.socket;
        setTimeout(() => { if (this.socket === ws) this.sayHello(); }, withJitter(wait));
        return;
      }
      // The token is unknown or expired: carry on as a visitor and let the
      // page ask the person to log in again.
      this.token = null;
      for (const fn of this.handlers.get('token.invalid') || []) fn(msg);
      this.sayHello();
      return;
    }
    this.retryMs = 500;
    this.helloWait = 0;
    this.offset = msg.server_time - Date.now();
    this.welcome = msg;
    this.storeUnavailable = false;
    this.setState('online');
    this.pump();
    for (const fn of this.readyHandlers) fn(msg);
  }

  request(type, fields = {}) {
    const id = this.nextId++;
    const frame = JSON.stringify({ ...fields, type, id });
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, frame, retries: 0, unavailableSince: null, unavailableWait: 0 });
      this.queue.push(id);
      this.pump();
    });
  }

  // The server refused for want of budget: the connection waits as long as
  // it says (so the queue does not run into the same refusal), then the
  // request goes first.
  retryLater(id, ms) {
    this.holdUntil = Math.max(this.holdUntil, Date.now() + ms);
    setTimeout(() => {
      if (!this.pending.has(id)) return;
      this.queue.unshift(id);
      this.pump();
    }, withJitter(ms));
  }

  // A request answered `unavailable` goes again after its backoff, the
  // connection holding the rest of the queue as long (the store is down for
  // them too); false once it has waited about a minute in all, and the
  // error is the caller's.
  resendLater(id, p) {
    const now = Date.now();
    if (p.unavailableSince === null) p.unavailableSince = now;
    const wait = nextUnavailableWait(p.unavailableWait);
    if (now + wait - p.unavailableSince > UNAVAILABLE_GIVE_UP_MS) return false;
    p.unavailableWait = wait;
    this.retryLater(id, wait);
    return true;
  }

  // Milliseconds until the budget allows one more request; 0 when one was
  // taken from it.
  takeToken() {
    const now = Date.now();
    if (now < this.holdUntil) return this.holdUntil - now;
    this.tokens = Math.min(BURST, this.tokens + ((now - this.tokensAt) * RATE_PER_S) / 1000);
    this.tokensAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) * 1000) / RATE_PER_S);
  }

  // Sends what the queue holds, as far as the budget and the in-flight
  // limit allow; called again when a reply arrives or the budget refills.
  pump() {
    clearTimeout(this.pumpTimer);
    this.pumpTimer = null;
    if (this.state !== 'online' || !this.socket || this.socket.readyState !== WebSocket.OPEN) return;
    while (this.queue.length && this.inFlight.size < MAX_IN_FLIGHT) {
      const wait = this.takeToken();
      if (wait > 0) {
        this.pumpTimer = setTimeout(() => this.pump(), wait);
        return;
      }
      const id = this.queue.shift();
      const p = this.pending.get(id);
      if (!p) continue;
      this.inFlight.add(id);
      this.socket.send(p.frame);
    }
  }

  // Drops the connection on purpose (tests, a language change) so that it
  // reconnects and says hello again.
  reconnect() {
    if (this.socket) this.socket.close(4000);
  }
}
