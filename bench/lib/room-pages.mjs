import http from 'node:http';

const POLL_MS = 2000;
const BATCH = 100;

/** Keep-alive HTTP with a bounded pool, as a crowd of browsers behind one NAT would look. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function request(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request(url, { method, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({
          status: res.statusCode,
          body: text ? JSON.parse(text) : undefined,
          ms: performance.now() - started,
        });
      });
    });
    req.on('error', (error) => resolve({ status: 0, error, ms: performance.now() - started }));
    if (body) req.end(JSON.stringify(body));
    else req.end();
  });
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const round = (value) => (value === null ? null : Math.round(value * 10) / 10);

/**
 * `pages` simulated room pages, each as the Angular client behaves: the first
 * load, then a poll every 2 s (random phase) for the messages after the highest
 * id it has, never two at once, again at once after a full batch. Meanwhile
 * `senders` post `sendRate` messages a second in all. Checks that every page saw
 * every message posted after its first load exactly once, in order.
 */
export async function roomPages({ server, slug, sessions, senders, pages, seconds, sendRate }) {
  const base = `${server.url}/api/rooms/${slug}/messages`;
  const pollLatencies = [];
  const deliveries = [];
  const acked = new Map(); // id → time the POST was acknowledged
  const seenBeforeAck = []; // [id, time] seen by a page before its POST's answer arrived
  let pollErrors = 0;
  let sendErrors = 0;
  let measuring = false;
  let polls = 0;
  let running = true;

  const states = Array.from({ length: pages }, (_, i) => ({
    cookie: sessions[i % sessions.length].cookieHeader,
    lastId: null,
    firstLoadLastId: null,
    received: 0,
    outOfOrder: 0,
    busy: false,
    timer: undefined,
  }));

  function receive(state, messages) {
    const now = performance.now();
    for (const message of messages) {
      if (message.id <= state.lastId) state.outOfOrder += 1;
      state.lastId = Math.max(state.lastId, message.id);
      state.received += 1;
      const ackTime = acked.get(message.id);
      if (ackTime === undefined) seenBeforeAck.push([message.id, now]);
      else deliveries.push(now - ackTime);
    }
  }

  async function tick(state) {
    if (state.busy || !running) return; // exhaustMap: a tick during a pending poll is dropped
    state.busy = true;
    try {
      if (state.lastId === null) {
        const response = await request(base, { headers: { cookie: state.cookie } });
        if (response.status !== 200) throw new Error(`first load ${response.status}`);
        state.lastId = Math.max(0, ...response.body.messages.map((message) => message.id));
        state.firstLoadLastId = state.lastId;
        return;
      }
      for (;;) {
        const response = await request(`${base}?after=${state.lastId}`, {
          headers: { cookie: state.cookie },
        });
        if (measuring) {
          polls += 1;
          pollLatencies.push(response.ms);
        }
        if (response.status !== 200) {
          pollErrors += 1;
          return;
        }
        receive(state, response.body.messages);
        if (response.body.messages.length < BATCH) return;
      }
    } catch {
      pollErrors += 1;
    } finally {
      state.busy = false;
    }
  }

  // Pages open over the first 2 s, each on its own phase, as real ones would.
  for (const state of states) {
    setTimeout(() => {
      void tick(state);
      state.timer = setInterval(() => void tick(state), POLL_MS);
    }, Math.random() * POLL_MS);
  }
  await sleep(POLL_MS + 1000);

  // Senders post at a steady rate in all, round robin.
  let sent = 0;
  const sendEvery = 1000 / sendRate;
  const sender = setInterval(async () => {
    const client = senders[sent++ % senders.length];
    const response = await request(base, {
      method: 'POST',
      headers: {
        cookie: client.cookieHeader,
        'x-xsrf-token': decodeURIComponent(client.cookies.get('XSRF-TOKEN')),
        'content-type': 'application/json',
      },
      body: { content: `bench message ${sent}` },
    });
    if (response.status === 201) acked.set(response.body.message.id, performance.now());
    else sendErrors += 1;
  }, sendEvery);

  measuring = true;
  const usageBefore = server.usage();
  const started = performance.now();
  await sleep(seconds * 1000);
  const elapsed = (performance.now() - started) / 1000;
  measuring = false;
  const usageAfter = server.usage();
  clearInterval(sender);
  await sleep(2 * POLL_MS + 1000); // every page polls at least twice more: all caught up
  running = false;
  for (const state of states) clearInterval(state.timer);

  for (const [id, seenAt] of seenBeforeAck) deliveries.push(seenAt - (acked.get(id) ?? seenAt));
  const ids = [...acked.keys()];
  let missing = 0;
  let extra = 0;
  let outOfOrder = 0;
  for (const state of states) {
    const expected = ids.filter((id) => id > state.firstLoadLastId).length;
    if (state.received < expected) missing += expected - state.received;
    if (state.received > expected) extra += state.received - expected;
    outOfOrder += state.outOfOrder;
  }
  pollLatencies.sort((a, b) => a - b);
  deliveries.sort((a, b) => a - b);
  return {
    pages,
    messagesSent: acked.size,
    pollsPerSecond: Math.round(polls / elapsed),
    expectedPollsPerSecond: pages / 2,
    pollLatencyMs: {
      p50: round(percentile(pollLatencies, 50)),
      p99: round(percentile(pollLatencies, 99)),
    },
    deliveryMs: {
      p50: round(percentile(deliveries, 50)),
      p99: round(percentile(deliveries, 99)),
      max: round(deliveries.at(-1) ?? null),
    },
    errors: { polls: pollErrors, sends: sendErrors },
    everyPageSawEveryMessageOnceInOrder: missing === 0 && extra === 0 && outOfOrder === 0,
    check: { missing, extra, outOfOrder },
    serverCpuSeconds: round(usageAfter.cpuSeconds - usageBefore.cpuSeconds),
    serverCpuShare: round((usageAfter.cpuSeconds - usageBefore.cpuSeconds) / elapsed),
    serverPeakRssMb: round(usageAfter.peakRssMb),
  };
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
