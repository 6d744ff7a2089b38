// One clock for every countdown on the page, read from the server's time
// (WsClient.serverNow), so a phone whose clock is wrong still counts right.
// A callback drops itself once its element has left the page.

const watchers = new Set();
let timer = null;

export function every(element, fn) {
  const watcher = { element, fn };
  watchers.add(watcher);
  fn();
  if (!timer) timer = setInterval(tick, 250);
  return () => watchers.delete(watcher);
}

function tick() {
  for (const w of watchers) {
    if (!w.element.isConnected) { watchers.delete(w); continue; }
    w.fn();
  }
  if (watchers.size === 0) { clearInterval(timer); timer = null; }
}
