// /healthz latency while a burst of sign-ins arrives at once.
//
//   node bench/signin_burst.mjs URL [N]      (a server with demonstration data)
//
// Loads N sign-in forms (their cc_pre cookie and token), then posts all N
// at once with the right password while probing /healthz every 10 ms, on
// one kept-alive connection and on a new connection each time, until the
// burst is answered. Prints the answers' status counts and the probes'
// median and worst latency in milliseconds.
import http from 'node:http';

const base = process.argv[2];
const n = Number(process.argv[3] || 50);
if (!base) { console.error('usage: node bench/signin_burst.mjs URL [N]'); process.exit(2); }

function request(path, { method = 'GET', headers = {}, body, agent } = {}) {
  return new Promise((ok, fail) => {
    const t0 = process.hrtime.bigint();
    const req = http.request(`${base}${path}`, { method, headers, agent }, res => {
      let text = '';
      res.on('data', d => { text += d; });
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, text,
        ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    });
    req.on('error', fail);
    if (body) req.write(body);
    req.end();
  });
}

const forms = [];
for (let i = 0; i < n; i++) {
  const f = await request('/login', { agent: false });
  const pre = f.headers['set-cookie'].find(c => c.startsWith('cc_pre=')).split(';')[0];
  const csrf = f.text.match(/name="csrf" value="([0-9a-f]{64})"/)[1];
  forms.push({ pre, csrf });
}
const keep = new http.Agent({ keepAlive: true, maxSockets: 1 });
await request('/healthz', { agent: keep });
const probes = { kept: [], fresh: [] };
let done = false;
const probe = async (kind, agent) => {
  while (!done) {
    probes[kind].push((await request('/healthz', { agent })).ms);
    await new Promise(r => setTimeout(r, 10));
  }
};
const probing = [probe('kept', keep), probe('fresh', false)];
const t0 = Date.now();
const answers = await Promise.all(forms.map(({ pre, csrf }) => request('/login', {
  method: 'POST', agent: false,
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: pre },
  body: new URLSearchParams({ csrf, email: 'lead@example.wales', password: 'demo-password-2026' }).toString(),
})));
const burstMs = Date.now() - t0;
await new Promise(r => setTimeout(r, 50));
done = true;
await Promise.all(probing);
keep.destroy();
const counts = {};
for (const a of answers) counts[a.status] = (counts[a.status] || 0) + 1;
const stat = a => { const s = [...a].sort((x, y) => x - y); return { n: s.length, median: +s[s.length >> 1].toFixed(1), worst: +s.at(-1).toFixed(1) }; };
console.log(JSON.stringify({ signIns: n, burstMs, answers: counts, healthzKeptAlive: stat(probes.kept), healthzNewConnection: stat(probes.fresh) }));
