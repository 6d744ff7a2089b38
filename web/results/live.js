// Live updates for the results and ceremony pages: one shared WsClient,
// subscribed to the contests the page shows (again after every reconnect,
// since a subscription lives only as long as its connection), and the
// connection state shown in the page's banner.

import { WsClient } from '/shared/ws-client.js';

export function createLive({ i18n, banner }) {
  const ws = new WsClient({ lang: i18n.lang });
  const contests = new Set();
  const confirmed = new Set(); // subscribed on the current connection

  // The banner's data-subscribed lists the contests whose pushes this
  // connection receives (a hook for tests and for debugging).
  function showSubscribed() {
    if (banner) banner.dataset.subscribed = [...confirmed].join(' ');
  }

  function subscribeNow(contest) {
    ws.request('subscribe', { contest })
      .then(() => { confirmed.add(contest); showSubscribed(); })
      .catch(() => {});
  }

  function showState() {
    if (ws.state !== 'online') { confirmed.clear(); showSubscribed(); }
    if (!banner) return;
    banner.dataset.state = ws.state;
    banner.textContent = ws.state === 'online' ? '' : i18n.t(ws.state === 'offline' ? 'offline' : 'connecting');
  }

  ws.onState(showState);
  // Re-subscribing after a reconnect is what keeps "updates live" true
  // across a server restart.
  ws.onReady(() => {
    for (const contest of contests) subscribeNow(contest);
  });
  i18n.onChange(showState);
  showState();

  return {
    ws,
    subscribe(contest) {
      if (!contest || contests.has(contest)) return;
      contests.add(contest);
      // While offline the onReady handler subscribes once connected.
      if (ws.state === 'online') subscribeNow(contest);
    },
    on(type, fn) { ws.on(type, fn); },
    onReady(fn) { ws.onReady(fn); },
    start() { ws.start(); },
  };
}
