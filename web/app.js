// Contestant page (foundation): connects to /ws, greets the server and shows
// its welcome. It reconnects by itself with backoff after a drop or a server
// restart. The full contestant app replaces this as the contest flows arrive.

const TEXT = {
  vi: {
    title: 'Cuộc thi tìm hiểu cải cách hành chính',
    connecting: 'Đang kết nối tới máy chủ…',
    connected: 'Đã kết nối tới máy chủ.',
    offline: 'Mất kết nối. Đang thử kết nối lại…',
    protocol: 'Phiên bản giao thức',
    serverTime: 'Giờ máy chủ (giờ Việt Nam)',
    switchTo: 'EN',
    switchLabel: 'English',
  },
  en: {
    title: 'Administrative reform knowledge contest',
    connecting: 'Connecting to the server…',
    connected: 'Connected to the server.',
    offline: 'Connection lost. Reconnecting…',
    protocol: 'Protocol version',
    serverTime: 'Server time (Vietnam time)',
    switchTo: 'VI',
    switchLabel: 'Tiếng Việt',
  },
};

let lang = localStorage.getItem('lang') === 'en' ? 'en' : 'vi';
let state = 'connecting';
let clockOffset = 0;  // server time minus this device's time, from the welcome
let retryMs = 500;

const $ = (id) => document.getElementById(id);

function render() {
  const t = TEXT[lang];
  document.documentElement.lang = lang;
  document.title = t.title;
  for (const el of document.querySelectorAll('[data-i18n]')) {
    if (el.id !== 'status') el.textContent = t[el.dataset.i18n];
  }
  $('status').dataset.state = state;
  $('status').textContent = t[state];
  $('lang').textContent = t.switchTo;
  $('lang').setAttribute('aria-label', t.switchLabel);
}

// Vietnam time (UTC+7) whatever the device's own zone or clock says.
function showServerTime() {
  const now = new Date(Date.now() + clockOffset);
  $('server-time').textContent = now.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB',
    { timeZone: 'Asia/Ho_Chi_Minh', hour12: false });
}

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const ws = new WebSocket(`${scheme}://${location.host}/ws`);
  ws.addEventListener('open', () => {
    ws.send(JSON.stringify({ type: 'hello', id: 1, lang }));
  });
  ws.addEventListener('message', (event) => {
    const msg = JSON.parse(event.data);
    if (msg.type === 'welcome') {
      retryMs = 500;
      clockOffset = msg.server_time - Date.now();
      state = 'connected';
      $('protocol').textContent = String(msg.protocol);
      $('welcome').hidden = false;
      showServerTime();
      render();
    }
  });
  ws.addEventListener('close', () => {
    state = 'offline';
    render();
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 10000);
  });
}

$('lang').addEventListener('click', () => {
  lang = lang === 'vi' ? 'en' : 'vi';
  localStorage.setItem('lang', lang);
  render();
  showServerTime();
});
setInterval(showServerTime, 1000);
render();
connect();
