// The paperwork of published results: the results notice, printed from the
// public results page (it prints as the A4 notice when the contest has a
// notice heading; web/results/notice.js), linked from each published round
// and the published final; and the winners list for paying the prizes
// (GET …/winners?format=xlsx: every published round and the final, with
// phones, ID numbers and prize money in full), one download per contest for
// the roles that see personal data, each an audited download.

import { h } from '/shared/dom.js';
import { dyn, t } from './text.js';
import { tx } from './form-fields.js';
import { actionGroup } from './actions.js';
import { seesPersonalData } from './access.js';

// A link to the public results page of a round ({round: id}) or of the
// final ({final: '1'}), opening in a new tab, shown while shown() holds;
// the caller redraws it when that may have changed. A contest without a
// notice heading has no notice to print: the link then just opens the page.
export function resultsLink(contest, choice, testid, shown) {
  const href = `/results/?${new URLSearchParams({ contest: contest.id, ...choice })}`;
  const key = contest.notice ? 'paperwork.printNotice' : 'paperwork.publicResults';
  return dyn('div', { class: 'action' }, () => (shown()
    ? h('a', { class: 'button secondary', href, target: '_blank', rel: 'noopener', 'data-testid': testid },
      t(key), h('span', { class: 'visually-hidden' }, ` ${t('paperwork.newTab')}`))
    : null));
}

// The contest's winners list, as a panel of the contest card ({el, start,
// stop} like a round's), or null for a role without personal data.
export function winnersListPanel(session, contest) {
  if (!seesPersonalData(session.access, contest.id)) return null;
  const action = actionGroup();
  const download = async (say) => {
    const name = `${contest.id}-danh-sach-nhan-giai.xlsx`;
    await session.fetchFile(`/api/admin/contests/${encodeURIComponent(contest.id)}/winners?format=xlsx`, name);
    say('ok', () => t('round.downloaded', { name }));
  };
  const el = h('article', { class: 'round-panel card contest-paperwork', 'data-testid': 'contest-paperwork' },
    tx('h3', 'paperwork.heading'),
    tx('p', 'paperwork.winnersHint', { class: 'muted' }),
    h('div', { class: 'round-actions' }, action('paperwork.winnersXlsx', 'winners-xlsx', download, { secondary: true })));
  return { el, start() {}, stop() {} };
}
