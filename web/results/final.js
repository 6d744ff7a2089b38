// The final ranking across rounds ("chung cuộc") as one more choice of the
// results and ceremony pages. The pages pick "a round" everywhere (picker,
// state, pushes); the final is that choice under an id no round can have
// (round ids are slugs, so never in brackets), with the shape of a round
// the renderers read: its title, its prizes (which order the winners,
// prizes.js; a view from before the final listed them has none, and the
// winners' ranks order them instead) and its notice's number and date
// (notice.js). In a link it is `final=1` rather than `round=…`, so a round
// named "final" stays a round.

export const FINAL = '(final)';

// The final as a round-like choice, or null when the contest has none.
export function finalChoice(view) {
  const final = view?.final;
  if (!final) return null;
  return { id: FINAL, final: true, title: final.title, published_at: final.published_at ?? null,
    prizes: final.prizes || [], notice: final.notice ?? null };
}

// The round (or FINAL) a page's query names, or null.
export function choiceFrom(params) {
  if (params.get('final') === '1') return FINAL;
  return params.get('round') || null;
}

// Writes a choice into the query, replacing any earlier one.
export function setChoice(params, choice) {
  params.delete('round');
  params.delete('final');
  if (choice === FINAL) params.set('final', '1');
  else if (choice) params.set('round', choice);
  return params;
}
