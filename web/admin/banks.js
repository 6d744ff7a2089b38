// The stored question banks (GET /api/admin/banks): one store that the bank
// list and the contest form's bank selects both read, refreshed after an
// upload so a new bank can be used at once. Each bank in the list can be
// downloaded as Excel, Word or Moodle XML (GET …/banks/{id}/file?format=),
// to edit and upload again as its next version.

import { h, clear } from '/shared/dom.js';
import { formatNumber, formatDateTime } from '/shared/format.js';
import { i18n, t, dyn, redraw } from './text.js';
import { tx } from './form-fields.js';
import { errorText } from './errors.js';

export function createBankStore(session) {
  const listeners = [];
  const store = {
    list: [],
    loaded: false,
    error: null,
    onChange(fn) { listeners.push(fn); },
    async refresh() {
      try {
        const reply = await session.call('/api/admin/banks');
        store.list = reply.banks || [];
        store.error = null;
      } catch (error) {
        store.error = error;
      }
      store.loaded = true;
      for (const fn of listeners) fn(store);
    },
    byId(id) { return store.list.find((b) => b.id === id) || null; },
  };
  return store;
}

// "Cải cách thể chế (25) · Một cửa (24)": the topic summary of a bank.
export function topicTable(topics, testid) {
  const lang = i18n.lang;
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'topics', 'data-testid': testid },
      h('thead', {}, h('tr', {}, tx('th', 'bank.topic', { scope: 'col' }), tx('th', 'bank.topicId', { scope: 'col' }),
        tx('th', 'bank.questions', { scope: 'col', class: 'num' }))),
      h('tbody', {}, topics.map((topic) => h('tr', { 'data-testid': 'topic-row' },
        h('td', {}, topic.name || topic.id), h('td', {}, h('code', {}, topic.id)),
        h('td', { class: 'num' }, formatNumber(topic.questions, lang)))))));
}

// The formats a stored bank is offered in, for editing and uploading again.
const DOWNLOADS = ['xlsx', 'docx', 'xml'];

// The download buttons of one bank, with their outcome beside them. The
// file needs the organiser's token, so it is fetched (session.fetchFile),
// as the ranking's CSV and XLSX are, not linked.
function downloads(bank, session) {
  const msg = dyn('p', { class: 'action-msg', 'aria-live': 'polite', 'data-testid': 'bank-download-msg' }, () => null);
  const buttons = DOWNLOADS.map((format) => {
    const button = tx('button', `bank.download.${format}`, { type: 'button', class: 'secondary small', 'data-testid': `bank-download-${format}`, 'data-format': format });
    button.addEventListener('click', async () => {
      // The name the server gives it (Content-Disposition): id, version, format.
      const name = `${bank.id}-v${bank.version}.${format}`;
      button.disabled = true;
      try {
        await session.fetchFile(`/api/admin/banks/${encodeURIComponent(bank.id)}/file?format=${format}&version=${bank.version}`, name);
        redraw(msg, () => h('span', { class: 'ok-text' }, t('bank.downloaded', { name })));
      } catch (error) {
        redraw(msg, () => h('span', { class: 'field-error' }, errorText(error)));
      } finally {
        button.disabled = false;
      }
    });
    return button;
  });
  return h('div', { class: 'bank-downloads', role: 'group', 'aria-label': t('bank.downloadGroup', { title: bank.title || bank.id }) },
    h('p', { class: 'hint' }, t('bank.downloadHint')),
    h('div', { class: 'actions' }, buttons),
    msg);
}

export function mountBankList(root, store, session) {
  const heading = tx('h3', 'bank.listHeading', { id: 'bank-list-heading' });
  const refresh = tx('button', 'bank.refresh', { type: 'button', class: 'secondary small', 'data-testid': 'bank-refresh' });
  const body = h('div', { 'data-testid': 'bank-list', 'aria-live': 'polite' });
  refresh.addEventListener('click', () => store.refresh());
  clear(root).append(h('div', { class: 'row-heading' }, heading, refresh), body);

  function render() {
    const lang = i18n.lang;
    clear(body);
    if (store.error) { body.append(h('p', { class: 'notice error' }, errorText(store.error))); return; }
    if (!store.loaded) { body.append(h('p', { class: 'muted' }, t('common.loading'))); return; }
    if (!store.list.length) { body.append(h('p', { class: 'muted', 'data-testid': 'bank-list-empty' }, t('bank.none'))); return; }
    body.append(h('ul', { class: 'bank-list' }, store.list.map((bank) => h('li', { class: 'card bank', 'data-testid': `bank-${bank.id}`, 'data-bank': bank.id },
      h('h4', {}, bank.title || bank.id),
      h('p', { class: 'bank-meta' },
        h('code', {}, bank.id), ' · ',
        t('bank.version', { n: bank.version }), ' · ',
        h('span', { 'data-testid': 'bank-question-count' }, t('bank.questionCount', { n: formatNumber(bank.questions, lang) })),
        bank.language ? ` · ${bank.language}` : '',
        bank.stored_at ? h('span', { class: 'muted' }, ' · ', t('bank.storedAt', { at: formatDateTime(bank.stored_at, lang) })) : ''),
      h('details', {},
        h('summary', {}, t('bank.topicSummary', { n: bank.topics?.length || 0 })),
        topicTable(bank.topics || [], 'bank-topics')),
      session ? downloads(bank, session) : null))));
  }
  store.onChange(render);
  i18n.onChange(render);
  render();
}
