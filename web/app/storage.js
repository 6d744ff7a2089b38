// What the contestant app keeps on the device: the chosen contest, the
// participant token per contest (so a reload stays logged in) and the
// prediction typed into a running entry until the server has saved it (the
// server's copy is the one shown after that; '' is a prediction cleared here).

const KEY = 'rq.contestant.';

function read(name) {
  try { return JSON.parse(localStorage.getItem(KEY + name)); } catch { return null; }
}
function write(name, value) {
  if (value === null || value === undefined) localStorage.removeItem(KEY + name);
  else localStorage.setItem(KEY + name, JSON.stringify(value));
}

export const storage = {
  contest: () => read('contest'),
  setContest: (id) => write('contest', id),
  token: (contest) => read(`token.${contest}`),
  setToken: (contest, token) => write(`token.${contest}`, token),
  prediction: (attempt) => read(`prediction.${attempt}`),
  setPrediction: (attempt, value) => write(`prediction.${attempt}`, value),
};
