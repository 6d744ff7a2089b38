// Reads the public results API (docs/protocol.md, "HTTP / Public"): the
// contests, one contest's public view and a round's published results.

import { api, ApiError } from '/shared/http.js';

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

// The results of the rounds the public view marks as published
// (published_at), fetched together. Returns Map round id -> results.
export async function publishedRounds(view) {
  const rounds = (view.rounds || []).filter((r) => r.published_at);
  const answers = await Promise.all(rounds.map((r) => getResults(view.id, r.id)));
  const map = new Map();
  rounds.forEach((r, i) => { if (answers[i]) map.set(r.id, answers[i]); });
  return map;
}
