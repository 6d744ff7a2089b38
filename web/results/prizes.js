// The order of prizes, shared by the winners list and the ceremony.
//
// A round's configuration lists each category's tiers first to last
// (prizes: [{category, tiers: [{name: "Giải Nhất"}, …, {name: "Giải Khuyến
// khích"}]}]); the public contest view repeats it in rounds[].prizes. The
// winners only carry the prize's name and the category, so the order comes
// from that list; when a view has none, from the winners' ranks (a better
// rank never holds a lower prize).

// Merges several first-to-last lists of names into one order that keeps
// every list's own order where they agree; where two categories disagree,
// the earlier category (config order) wins.
export function mergeOrders(lists) {
  const out = [];
  for (const list of lists) {
    let at = -1; // where this list's previous name sits in `out`
    for (const name of list) {
      const found = out.indexOf(name);
      if (found >= 0) { at = found; continue; }
      out.splice(at + 1, 0, name);
      at += 1;
    }
  }
  return out;
}

function byRank(a, b) { return (a.rank ?? 0) - (b.rank ?? 0); }

// Prize names first (Giải Nhất) to last (Giải Khuyến khích).
export function prizeOrder(round, winners = []) {
  const lists = [];
  for (const entry of round?.prizes || []) lists.push((entry.tiers || []).map((t) => t.name));
  // Per category, prizes in the order of their best rank: the fallback, and
  // the place for any prize name the view does not list.
  const perCategory = new Map();
  for (const w of [...winners].sort(byRank)) {
    if (!perCategory.has(w.category)) perCategory.set(w.category, []);
    const names = perCategory.get(w.category);
    if (!names.includes(w.prize)) names.push(w.prize);
  }
  return mergeOrders([...lists, ...perCategory.values()]);
}

// Category ids in the contest's order, then any the winners add.
export function categoryOrder(contest, winners = []) {
  const ids = (contest?.categories || []).map((c) => c.id);
  for (const w of winners) if (!ids.includes(w.category)) ids.push(w.category);
  return ids;
}

export function categoryName(contest, id, winners = []) {
  const fromContest = (contest?.categories || []).find((c) => c.id === id);
  if (fromContest) return fromContest.name;
  const fromWinner = winners.find((w) => w.category === id);
  return fromWinner?.category_name || id;
}

// For the results page: [{category, name, prizes: [{prize, winners}]}], by
// category in config order, then prize first to last, then rank.
export function groupWinners(contest, round, winners = []) {
  const order = prizeOrder(round, winners);
  const groups = [];
  for (const category of categoryOrder(contest, winners)) {
    const mine = winners.filter((w) => w.category === category);
    if (mine.length === 0) continue;
    const prizes = [];
    for (const prize of order) {
      const holders = mine.filter((w) => w.prize === prize).sort(byRank);
      if (holders.length) prizes.push({ prize, winners: holders });
    }
    groups.push({ category, name: categoryName(contest, category, winners), prizes });
  }
  return groups;
}

// The collective prizes' reveal order: prize by prize as the results list
// them (the contest's order), each from its last place up to its first. The
// results give each prize's lines from place 1 on, one prize after another;
// a line that does not follow the place before it starts the next prize, so
// two prizes of the same name (one per block, say) stay apart.
// Returns [{kind: 'collective', line, prize: its name, place}].
export function collectiveSteps(collective = []) {
  const prizes = [];
  let previous = null;
  for (const line of collective) {
    if (!previous || line.name !== previous.name || !(line.place > previous.place)) prizes.push([]);
    prizes[prizes.length - 1].push(line);
    previous = line;
  }
  return prizes.flatMap((lines) => [...lines].reverse()
    .map((line) => ({ kind: 'collective', line, prize: line.name, place: line.place })));
}

// The ceremony's reveal order. The collective (unit) prizes come first
// (collectiveSteps), then the individual ones: a ceremony goes tier by tier
// from the consolation prize up to the first prize, and within a tier across
// the categories in config order (all "Giải Khuyến khích" of every category,
// then all "Giải Ba", … then "Giải Nhất"), so the evening builds to the top
// prizes. Inside one tier of one category the lower-ranked holder comes
// first, so even equal prizes end on the best entry.
// Returns the collective steps, then [{kind: 'individual', winner, prize,
// category, categoryName, group: [earlier winners of the same prize and
// category]}].
export function ceremonySteps(contest, round, winners = [], collective = []) {
  const order = prizeOrder(round, winners).reverse();
  const categories = categoryOrder(contest, winners);
  const steps = collectiveSteps(collective);
  for (const prize of order) {
    for (const category of categories) {
      const holders = winners.filter((w) => w.prize === prize && w.category === category)
        .sort(byRank).reverse();
      holders.forEach((winner, i) => {
        steps.push({ kind: 'individual', winner, prize, category, categoryName: categoryName(contest, category, winners),
          group: holders.slice(0, i) });
      });
    }
  }
  return steps;
}
