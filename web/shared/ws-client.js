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
// - serverNow() is the server's clock as of now, from the offset measured at
//   each welcome, so countdowns stay right when the device's clock is wrong.

export class ProtocolError extends Error {
  constructor(reply) {
    super(reply.message || reply.code);
    this.code = reply.code;
    this.field = reply.field;
    this.details = reply.details || [];
  }
}

export class WsClient {
  constructor({ url, lang = 'vi', token = null } = {}) {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.url = url || `${scheme}://${location.host}/ws`;
    this.lang = lang;
    this.token = token;
    this.offset = 0;           // server time minus device time, ms
    this.state = 'connecting'; // connecting | online | offline
    this.welcome = null;
    this.nextId = 1;
    this.pending = new Map();  // id -> {resolve, reject, frame}
    this.queue = [];           // frames waiting for the connection
    this.handlers = new Map(); // push type -> [fn]
    this.readyHandlers = [];
    this.stateHandlers = [];
    this.retryMs = 500;
    this.socket = null;
    this.stopped = false;
  }

  serverNow() { return Date.now() + this.offset; }

  on(type, fn) {
    if (!this.handlers.has(type)) this.handlers.set(type, []);
    this.handlers.get(type).push(fn);
  }

  // Called after every welcome (the first and each reconnect).
  onReady(fn) { this.readyHandlers.push(fn); }

  onState(fn) { this.stateHandlers.push(fn); }

  start() { this.connect(); return this; }

  stop() {
    this.stopped = true;
    if (this.socket) this.socket.close(1000);
  }

  setState(state) {
    this.state = state;
    for (const fn of this.stateHandlers) fn(state);
  }

  connect() {
    if (this.stopped) return;
    this.setState(this.state === 'online' ? 'offline' : this.state);
    const ws = new WebSocket(this.url);
    this.socket = ws;
    ws.addEventListener('open', () => {
      // hello goes first and bypasses the queue: nothing else may reach the
      // server before the session knows who it is.
      const hello = { type: 'hello', id: 0, lang: this.lang };
      if (this.token) hello.token = this.token;
      ws.send(JSON.stringify(hello));
    });
    ws.addEventListener('message', (event) => this.receive(event.data));
    ws.addEventListener('close', () => {
      if (this.socket !== ws) return;
      this.socket = null;
      // Requests sent on the lost connection are sent again on the next one:
      // every request the pages make is safe to repeat (answers, submit and
      // attempt.start are idempotent on the server).
      for (const p of this.pending.values()) this.queue.push(p.frame);
      this.setState('offline');
      if (this.stopped) return;
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 8000);
    });
  }

  receive(text) {
    let msg;
    try { msg = JSON.parse(text); } catch { return; }
    if (msg.id === 0) return this.welcomed(msg);
    if (msg.id !== undefined && this.pending.has(msg.id)) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.type === 'error') p.reject(new ProtocolError(msg));
      else p.resolve(msg);
      return;
    }
    for (const fn of this.handlers.get(msg.type) || []) fn(msg);
  }

  welcomed(msg) {
    if (msg.type === 'error') {
      // The token is unknown or expired: carry on as a visitor and let the
      // page ask the person to log in again.
      this.token = null;
      for (const fn of this.handlers.get('token.invalid') || []) fn(msg);
      const hello = { type: 'hello', id: 0, lang: this.lang };
      this.socket.send(JSON.stringify(hello));
      return;
    }
    this.retryMs = 500;
    this.offset = msg.server_time - Date.now();
    this.welcome = msg;
    this.setState('online');
    const waiting = this.queue;
    this.queue = [];
    for (const frame of waiting) this.socket.send(frame);
    for (const fn of this.readyHandlers) fn(msg);
  }

  request(type, fields = {}) {
    const id = this.nextId++;
    const frame = JSON.stringify({ ...fields, type, id });
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, frame });
      if (this.state === 'online' && this.socket && this.socket.readyState === WebSocket.OPEN) {
        this.socket.send(frame);
      } else {
        this.queue.push(frame);
      }
    });
  }

  // Drops the connection on purpose (tests, a language change) so that it
  // reconnects and says hello again.
  reconnect() {
    if (this.socket) this.socket.close(4000);
  }
}
