// What the signed-in organiser's role lets the dashboard offer
// (GET /api/admin/me; the roles are in docs/protocol.md, "Organiser roles").
// The server refuses anything else with 403 whatever the page shows; this
// only keeps a viewer from being offered buttons that would be refused.

// access: {username, role: 'admin'|'organiser'|'viewer', contests: [id…]},
// or null before /me has answered (then only what every role may do).
export const isAdmin = (access) => access?.role === 'admin';
const named = (access, contest) => isAdmin(access) || (access?.contests || []).includes(contest);

export const worksOnBanks = (access) => isAdmin(access) || access?.role === 'organiser';
export const createsContests = isAdmin;
export const readsContest = (access, contest) => Boolean(access) && named(access, contest);
// Close, finalize, publish, disqualify; and the files with contact details.
export const changesContest = (access, contest) => worksOnBanks(access) && named(access, contest);
export const seesPersonalData = changesContest;

// The dashboard's views this role has, in tab order.
export function viewsFor(access) {
  const views = [];
  if (worksOnBanks(access)) views.push('banks');
  if (createsContests(access)) views.push('new-contest');
  views.push('contests', 'account');
  return views;
}
