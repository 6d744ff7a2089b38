// The polling chain of a dashboard panel's live stats (a round's, the
// final's). Each poll is numbered: an action's immediate poll may overlap
// the timer's, and only the newest one's answer is handled and schedules
// the next, so there is never more than one chain. `handle(reply, failure)`
// takes the answer (reply, or the error it failed with) and returns how
// long to wait before the next poll, in ms.
export function statsPoller(session, url, handle) {
  let timer = null;
  let running = false;
  let seq = 0;
  async function poll() {
    clearTimeout(timer);
    timer = null;
    const mine = ++seq;
    let reply = null;
    let failure = null;
    try {
      reply = await session.call(url);
    } catch (error) {
      failure = error;
    }
    if (mine !== seq) return;
    const wait = handle(reply, failure);
    if (running && session.signedIn) timer = setTimeout(poll, wait);
  }
  return {
    poll,
    start() { if (running) return; running = true; poll(); },
    stop() { running = false; clearTimeout(timer); timer = null; },
  };
}
