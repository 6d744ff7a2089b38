// Dates, durations and numbers as Vietnamese (or English) readers expect,
// always in Vietnam time whatever the device's zone says.

const ZONE = 'Asia/Ho_Chi_Minh';

function locale(lang) { return lang === 'en' ? 'en-GB' : 'vi-VN'; }

export function formatDateTime(ms, lang) {
  return new Date(ms).toLocaleString(locale(lang), {
    timeZone: ZONE, hour12: false, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit',
  });
}

// 1234567 ms -> "20:34" ; over an hour "1:20:34"; over a day "2 ngày 03:04:05".
export function formatCountdown(ms, lang) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const days = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n) => String(n).padStart(2, '0');
  const clock = h > 0 || days > 0 ? `${two(h)}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
  if (days > 0) return `${days} ${lang === 'en' ? (days === 1 ? 'day' : 'days') : 'ngày'} ${clock}`;
  return clock;
}

// Durations of an entry: "3 phút 05 giây" / "3 min 05 s", tenths under a minute.
export function formatDuration(ms, lang) {
  if (ms === null || ms === undefined) return '';
  const s = ms / 1000;
  if (s < 60) return lang === 'en' ? `${s.toFixed(1)} s` : `${s.toFixed(1).replace('.', ',')} giây`;
  const m = Math.floor(s / 60);
  const rest = String(Math.floor(s % 60)).padStart(2, '0');
  return lang === 'en' ? `${m} min ${rest} s` : `${m} phút ${rest} giây`;
}

export function formatNumber(n, lang) {
  if (n === null || n === undefined) return '';
  return Number(n).toLocaleString(locale(lang));
}

export function formatPercent(share, lang) {
  if (share === null || share === undefined) return '';
  return (share * 100).toLocaleString(locale(lang), { maximumFractionDigits: 1 }) + '%';
}
