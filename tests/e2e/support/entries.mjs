// Contestants entering a round with known scores, over the WebSocket
// protocol, from inside a browser page on the gateway's origin (the way the
// contestant app talks to the gateway). The right or wrong choices come from
// node: the page needs `window.choicesFor(question, right)`, exposed once with
//
//   await driver.exposeFunction('choicesFor', (q, right) => choicesFor(q, key, right));
//
// Each person registers, then makes one entry per number in `right` (a number
// is one entry): that many questions answered right (those whose texts sort
// first, so two people with the same number answer alike), the rest wrong
// (the same wrong option, see answers.mjs), and the
// entry submitted with `prediction` when given. Returns one line per entry,
// in order: {name, score, max, status}. With `returning: true` the people
// registered in an earlier round and log in (phone and password) instead.

export async function enterRound(driver, people, { contest, round, birthDate = '1988-04-12', returning = false }) {
  return driver.evaluate(async ({ people, contest, round, birthDate, returning }) => {
    function connect() {
      return new Promise((resolve, reject) => {
        const ws = new WebSocket(`ws://${location.host}/ws`);
        let next = 1;
        const waiting = new Map();
        ws.onmessage = (event) => {
          const msg = JSON.parse(event.data);
          const w = waiting.get(msg.id);
          if (!w) return;
          waiting.delete(msg.id);
          if (msg.type === 'error') w.reject(new Error(`${msg.code}: ${msg.message}`));
          else w.resolve(msg);
        };
        ws.onerror = () => reject(new Error('websocket error'));
        ws.onopen = () => resolve({
          ws,
          request: (type, fields = {}) => new Promise((res, rej) => {
            const id = next++;
            waiting.set(id, { resolve: res, reject: rej });
            ws.send(JSON.stringify({ ...fields, type, id }));
          }),
        });
      });
    }
    const results = [];
    for (const p of people) {
      const c = await connect();
      await c.request('hello', { lang: 'vi' });
      if (returning) await c.request('login', { contest, phone: p.phone, password: 'mat-khau-du-thi-1' });
      else {
        await c.request('register', { contest, profile: { name: p.name, phone: p.phone, birth_date: p.birth_date || birthDate,
          unit: p.unit, category: p.category, password: 'mat-khau-du-thi-1' } });
      }
      for (const right of [p.right].flat()) {
        const { attempt } = await c.request('attempt.start', { round });
        // The right ones are the questions whose texts sort first: the same
        // questions whatever order this attempt shows them in.
        const byText = attempt.questions.map((q) => q.text).sort();
        for (const q of attempt.questions) {
          const choices = await window.choicesFor(q, byText.indexOf(q.text) < right);
          await c.request('answer', { attempt: attempt.id, question: q.id, choices });
        }
        const submit = p.prediction === undefined ? {} : { prediction: p.prediction };
        const { result } = await c.request('submit', { attempt: attempt.id, ...submit });
        results.push({ name: p.name, score: result.score, max: result.max_score, status: result.status });
      }
      c.ws.close();
    }
    return results;
  }, { people, contest, round, birthDate, returning });
}
