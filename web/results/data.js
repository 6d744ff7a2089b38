// Reads the public results API (docs/protocol.md, "HTTP / Public"): the
// contests, one contest's public view, a round's published results and the
// published final ranking across rounds.

import { api, ApiError } from '/shared/http.js';
import { FINAL } from './final.js';

const enc = encodeURIComponent;

export async function listContests() {
  const data = await api('/api/contests');
  return data.contests || [];
}

// The public view, or null when there is no such contest.
export async function getContest(id) {
  try {
    return await api(`/api/contests/${enc(id)}`);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not_found') return null;
    throw error;
  }
}

// {round, summary, winners, collective}, or null while not published.
export async function getResults(contest, round) {
  try {
    return await api(`/api/contests/${enc(contest)}/rounds/${enc(round)}/results`);
  } catch (error) {
    if (error instanceof ApiError && (error.code === 'not_published' || error.code === 'not_found')) return null;
    throw error;
  }
}

// {final, summary, winners, collective}, or null while not published.
export async function getFinalResults(contest) {
  try {
    return await api(`/api/contests/${enc(contest)}/final/results`);
  } catch (error) {
    if (error instanceof ApiError && (error.code === 'not_published' || error.code === 'not_found')) return null;
    throw error;
  }
}

// A round's results, or the final's for FINAL (final.js).
export function resultsOf(contest, choice) {
  return choice === FINAL ? getFinalResults(contest) : getResults(contest, choice);
}

// The results of the rounds the public view marks as published
// (published_at), and of the final when it is, fetched together. Returns
// Map round id (or FINAL) -> results.
export async function publishedRounds(view) {
  const choices = (view.rounds || []).filter((r) => r.published_at).map((r) => r.id);
  if (view.final?.published_at) choices.push(FINAL);
  const answers = await Promise.all(choices.map((id) => resultsOf(view.id, id)));
  const map = new Map();
  choices.forEach((id, i) => { if (answers[i]) map.set(id, answers[i]); });
  return map;
}
