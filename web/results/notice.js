// The results notice ("thông báo kết quả") the results page prints as: when
// the contest configures a notice heading (the public view's `notice`), a
// published round or the final prints on A4 in the layout of Decree
// 30/2020/NĐ-CP on administrative documents (print.css):
//
//   UBND TỈNH QUẢNG NAM              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
//   BAN TỔ CHỨC CUỘC THI                 Độc lập - Tự do - Hạnh phúc
//       ────────                         ─────────────────────────
//   Số: 15/TB-BTC                 Quảng Nam, ngày 10 tháng 12 năm 2026
//                             THÔNG BÁO
//              Kết quả <contest title> (<round title>)
//   … the page's own summary and tables …
//   Nơi nhận:                                 TM. BAN TỔ CHỨC
//   - Các sở, ban, ngành;                        TRƯỞNG BAN
//   - Lưu: VT.                            (signature and seal)
//                                              Nguyễn Văn An
//
// The heading and signature exist only on paper; on screen the page is as
// it always was, with a button that prints. A notice without its own number
// leaves "Số" blank for the clerk; without its own date it is dated the day
// the results were published, in Vietnam time. The printed winners are a
// table (TT, prize, name, unit, score, time, prediction) in place of the
// screen's cards, and like them never carry a phone.

import { h } from '/shared/dom.js';
import { formatDuration, formatNumber } from '/shared/format.js';
import { groupWinners } from './prizes.js';
import { metricText } from './winners.js';

const ZONE = 'Asia/Ho_Chi_Minh';

// The heading lines the Decree writes in capitals, whatever was typed.
const upper = (text) => String(text || '').toLocaleUpperCase('vi');

// The notice's day as {day, month, year}: its own date (YYYY-MM-DD), else
// the day of publication in Vietnam time, else today (a push has just
// published it and the view does not say when yet).
export function noticeDay(issue, publishedAt, now = Date.now()) {
  const own = /^(\d{4})-(\d{2})-(\d{2})$/.exec(issue?.date || '');
  if (own) return { year: Number(own[1]), month: Number(own[2]), day: Number(own[3]) };
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, year: 'numeric', month: 'numeric', day: 'numeric' })
    .formatToParts(new Date(publishedAt ?? now));
  const part = (type) => Number(parts.find((p) => p.type === type).value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

// The contest prints its results as a notice.
export const hasNotice = (view) => Boolean(view?.notice);

export function printButton(i18n) {
  return h('button', { type: 'button', class: 'secondary print-button', 'data-testid': 'print-notice',
    onclick: () => window.print() }, i18n.t('printNotice'));
}

// The heading table, the title and the subject line. round: one of the
// view's rounds, or the final's choice (final.js).
export function noticeHeading(view, round, i18n) {
  const t = i18n.t;
  const notice = view.notice;
  const issue = round.notice || {};
  const day = noticeDay(issue, round.published_at);
  const subject = round.final
    ? t('noticeSubjectFinal', { contest: view.title })
    : t('noticeSubject', { contest: view.title, round: round.title });
  return h('header', { class: 'notice-head print-only', 'data-testid': 'notice-head' },
    h('div', { class: 'notice-heading' },
      h('div', { class: 'notice-issuer' },
        notice.parent_body ? h('p', { class: 'notice-parent' }, upper(notice.parent_body)) : null,
        h('p', { class: 'notice-body' }, upper(notice.issuing_body)),
        h('span', { class: 'notice-rule', 'aria-hidden': 'true' }),
        h('p', { class: 'notice-number', 'data-testid': 'notice-number' },
          issue.number ? t('noticeNumber', { number: issue.number }) : t('noticeNumberBlank'))),
      h('div', { class: 'notice-nation' },
        h('p', { class: 'notice-republic' }, t('noticeRepublic')),
        h('p', { class: 'notice-motto' }, h('span', {}, t('noticeMotto'))),
        h('p', { class: 'notice-date', 'data-testid': 'notice-date' }, t('noticeDate', { place: notice.place, ...day })))),
    h('h2', { class: 'notice-title' }, t('noticeTitle')),
    h('p', { class: 'notice-subject', 'data-testid': 'notice-subject' }, subject),
    h('span', { class: 'notice-rule', 'aria-hidden': 'true' }));
}

// "- Các sở, ban, ngành;" … "- Lưu: VT." (the last line ends the list).
function recipientLines(recipients) {
  return recipients.map((r, i) => `- ${String(r).trim().replace(/[;.,]+$/, '')}${i === recipients.length - 1 ? '.' : ';'}`);
}

// "Nơi nhận" on the left, the signature block on the right.
export function noticeSignature(view, i18n) {
  const notice = view.notice;
  const recipients = (notice.recipients || []).filter((r) => String(r).trim());
  return h('footer', { class: 'notice-foot print-only', 'data-testid': 'notice-foot' },
    h('div', { class: 'notice-recipients' },
      recipients.length ? [
        h('p', { class: 'notice-recipients-label' }, i18n.t('noticeRecipients')),
        h('ul', {}, recipientLines(recipients).map((line) => h('li', {}, line))),
      ] : null),
    h('div', { class: 'notice-signer' },
      notice.signer_capacity ? h('p', { class: 'notice-capacity' }, upper(notice.signer_capacity)) : null,
      h('p', { class: 'notice-signer-title' }, upper(notice.signer_title)),
      h('div', { class: 'notice-sign-space', 'aria-hidden': 'true' }),
      h('p', { class: 'notice-signer-name', 'data-testid': 'notice-signer' }, notice.signer_name)));
}

// headers: [[label, kind]], rows: [[[value, kind]]]; kind 'num' (right
// aligned) or 'wrap' (the one column that wraps: the others keep a name or
// a figure on one line, so a row reads as one line).
function table(caption, headers, rows, testid) {
  return h('table', { class: 'print-table', 'data-testid': testid },
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, headers.map(([label, kind]) => h('th', { scope: 'col', class: kind || null }, label)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map(([value, kind]) => h('td', { class: kind || null }, value))))));
}

// The winners as printed: a table per category, prizes first to last.
// Appended to the winners section, whose cards print no more.
export function printWinners(view, round, winners, i18n) {
  const { lang } = i18n;
  const t = i18n.t;
  const num = (n) => formatNumber(n, lang);
  const score = (w) => `${num(w.score)}/${num(w.max_score)}`;
  const predicts = !round.final && Boolean(round.prediction);
  // Short headings: the columns' figures are narrow, and a heading wider
  // than them would squeeze the unit.
  // TT numbers the lines of each category's table, as notices do; the
  // round's rank runs across categories and would read as gaps here.
  const headers = round.final
    ? [[t('printNumber'), 'num'], [t('prize')], [t('personName')], [t('unit'), 'wrap'], [t('score'), 'num'],
      [t('roundsEntered'), 'num'], [t('totalDurationShort'), 'num']]
    : [[t('printNumber'), 'num'], [t('prize')], [t('personName')], [t('unit'), 'wrap'], [t('score'), 'num'],
      [t('durationShort'), 'num'], ...(predicts ? [[t('prediction'), 'num']] : [])];
  const row = (w, prize, n) => (round.final
    ? [[num(n), 'num'], [prize], [w.name], [w.unit_name || w.unit, 'wrap'], [score(w), 'num'],
      [num(w.rounds_entered), 'num'], [formatDuration(w.duration_ms, lang), 'num']]
    : [[num(n), 'num'], [prize], [w.name], [w.unit_name || w.unit, 'wrap'], [score(w), 'num'],
      [formatDuration(w.duration_ms, lang), 'num'],
      ...(predicts ? [[w.prediction === null || w.prediction === undefined ? '—' : num(w.prediction), 'num']] : [])]);
  const groups = groupWinners(view, round, winners || []);
  if (!groups.length) return null;
  return h('div', { class: 'print-only print-winners', 'data-testid': 'print-winners' },
    groups.map((g) => table(t('printWinnersCaption', { category: g.name }), headers,
      g.prizes.flatMap((p) => p.winners.map((w) => ({ w, prize: p.prize }))).map(({ w, prize }, i) => row(w, prize, i + 1)),
      'print-winners-table')));
}

// The collective prizes as one table, prize by prize, place by place.
export function printCollective(collective, i18n) {
  const { lang } = i18n;
  const t = i18n.t;
  const rows = collective || [];
  if (!rows.length) return null;
  const names = [...new Set(rows.map((c) => c.name))];
  const ordered = names.flatMap((name) => rows.filter((c) => c.name === name).sort((a, b) => (a.place ?? 0) - (b.place ?? 0)));
  return h('div', { class: 'print-only' }, table(null,
    [[t('prize'), 'wrap'], [t('rank'), 'num'], [t('unit'), 'wrap'], [t('metric'), 'num'], [t('entrants'), 'num'], [t('entries'), 'num']],
    ordered.map((c) => [[c.name, 'wrap'], [formatNumber(c.place, lang), 'num'], [c.unit_name || c.unit, 'wrap'],
      [metricText(c, lang), 'num'], [formatNumber(c.entrants, lang), 'num'], [formatNumber(c.entries, lang), 'num']]),
    'print-collective-table'));
}
