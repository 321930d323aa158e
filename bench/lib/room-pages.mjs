import http from 'node:http';
import { cpuPerRequest } from './poll-capacity.mjs';

const POLL_MS = 2000;
/** The share of pages whose reader is looking: they mark the room read as messages arrive. */
const READING_SHARE = 0.1;

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

function writeHeaders(client) {
  return {
    cookie: client.cookieHeader,
    'x-xsrf-token': decodeURIComponent(client.cookies.get('XSRF-TOKEN')),
    'content-type': 'application/json',
  };
}

/**
 * `pages` simulated room pages, each as the Angular client behaves: a first sync,
 * then one every 2 s (random phase) with its cursor, never two at once, again at
 * once when `more`. Meanwhile `senders` post `sendRate` messages a second in all,
 * saying they are typing before each, and now and then edit or delete one of
 * their earlier messages (each message is changed at most once); a tenth of the
 * pages mark the room read as messages arrive. Checks that every page saw every
 * message sent after its first sync once (new ones in seq order), and every later
 * edit and delete once.
 */
export async function roomPages({ server, slug, sessions, senders, pages, seconds, sendRate }) {
  const base = `${server.url}/api/rooms/${slug}/messages`;
  const pollLatencies = [];
  const deliveries = [];
  const acked = new Map(); // message id → time its POST was acknowledged
  const changedAt = new Map(); // "id:edit" or "id:delete" → time it was acknowledged
  const seenEarly = []; // [key, time]: seen by a page before its request's answer arrived
  let pollErrors = 0;
  let writeErrors = 0;
  let measuring = false;
  let polls = 0;
  let running = true;
  const counts = { sends: 0, edits: 0, deletes: 0, reads: 0, typing: 0 };

  const states = Array.from({ length: pages }, (_, i) => ({
    client: sessions[i % sessions.length],
    reading: Math.random() < READING_SHARE,
    cursor: null,
    firstIds: new Set(), // what the first sync showed: its later changes are not checked
    lastSeq: 0,
    lastNewSeq: 0,
    outOfOrder: 0,
    repeats: 0,
    readBusy: false,
    received: new Set(), // message ids
    changes: new Map(), // "id:edit" | "id:delete" → times seen
    busy: false,
    timer: undefined,
  }));

  function record(key, startedAt) {
    const now = performance.now();
    if (startedAt === undefined) seenEarly.push([key, now]);
    else deliveries.push(now - startedAt);
  }

  function apply(state, changes) {
    for (const message of changes) {
      const changed = message.deleted || message.editedAt !== null;
      if (!state.received.has(message.id)) {
        state.received.add(message.id);
        // Unchanged, a message's change is its sending: such ones arrive in seq order.
        if (!changed && message.seq < state.lastNewSeq) state.outOfOrder += 1;
        if (!changed) state.lastNewSeq = message.seq;
        state.lastSeq = Math.max(state.lastSeq, message.seq);
        record(message.id, acked.get(message.id));
      } else if (!changed) {
        state.repeats += 1; // the same unchanged message twice
      }
      if (!changed || state.firstIds.has(message.id)) continue;
      const key = `${message.id}:${message.deleted ? 'delete' : 'edit'}`;
      state.changes.set(key, (state.changes.get(key) ?? 0) + 1);
      record(key, changedAt.get(key));
    }
  }

  async function markRead(state) {
    if (!state.reading || state.readBusy) return;
    state.readBusy = true;
    const response = await request(`${server.url}/api/rooms/${slug}/read`, {
      method: 'POST',
      headers: writeHeaders(state.client),
      body: { seq: state.lastSeq },
    });
    if (response.status === 204) counts.reads += measuring ? 1 : 0;
    else writeErrors += 1;
    state.readBusy = false;
  }

  async function tick(state) {
    if (state.busy || !running) return; // exhaustMap: a tick during a pending sync is dropped
    state.busy = true;
    try {
      for (;;) {
        const since = state.cursor ? `&since=${state.cursor}` : '';
        const response = await request(`${server.url}/api/sync?room=${slug}${since}`, {
          headers: { cookie: state.client.cookieHeader },
        });
        if (state.cursor && measuring) {
          polls += 1;
          pollLatencies.push(response.ms);
        }
        if (response.status !== 200) {
          pollErrors += 1;
          return;
        }
        const { room, cursor, reset } = response.body;
        if (reset || (room.first && state.cursor)) pollErrors += 1; // never expected here
        state.cursor = cursor;
        if (room.first) {
          state.lastSeq = Math.max(0, ...room.changes.map((message) => message.seq));
          for (const message of room.changes) {
            state.received.add(message.id);
            state.firstIds.add(message.id);
          }
        } else {
          const before = state.lastSeq;
          apply(state, room.changes);
          if (state.lastSeq > before) void markRead(state);
        }
        if (!room.more) return;
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

  // Senders, round robin at a steady rate: typing, then the message; every 4th turn an
  // edit of one of their messages, every 7th a delete of another.
  const mine = new Map(senders.map((client) => [client, []])); // unchanged messages by sender
  let turn = 0;
  const mixer = setInterval(async () => {
    turn += 1;
    const client = senders[turn % senders.length];
    const unchanged = mine.get(client);
    if (turn % 4 === 0 && unchanged.length > 2) {
      const id = unchanged.shift();
      const response = await request(`${base}/${id}`, {
        method: 'PATCH',
        headers: writeHeaders(client),
        body: { content: `bench message ${id}, edited` },
      });
      if (response.status === 200) {
        changedAt.set(`${id}:edit`, performance.now());
        counts.edits += 1;
      } else writeErrors += 1;
      return;
    }
    if (turn % 7 === 0 && unchanged.length > 2) {
      const id = unchanged.shift();
      const response = await request(`${base}/${id}`, {
        method: 'DELETE',
        headers: writeHeaders(client),
      });
      if (response.status === 204) {
        changedAt.set(`${id}:delete`, performance.now());
        counts.deletes += 1;
      } else writeErrors += 1;
      return;
    }
    const typing = await request(`${server.url}/api/rooms/${slug}/typing`, {
      method: 'POST',
      headers: writeHeaders(client),
    });
    if (typing.status === 204) counts.typing += 1;
    else writeErrors += 1;
    const response = await request(base, {
      method: 'POST',
      headers: writeHeaders(client),
      body: { content: `bench message ${turn}`, clientId: crypto.randomUUID() },
    });
    if (response.status === 201) {
      acked.set(response.body.message.id, performance.now());
      unchanged.push(response.body.message.id);
      counts.sends += 1;
    } else writeErrors += 1;
  }, 1000 / sendRate);

  const storesBefore = await server.storeUsage?.();
  measuring = true;
  const usageBefore = server.usage();
  const started = performance.now();
  await sleep(seconds * 1000);
  const elapsed = (performance.now() - started) / 1000;
  measuring = false;
  const usageAfter = server.usage();
  const storesAfter = await server.storeUsage?.();
  const pollsMeasured = polls;
  clearInterval(mixer);
  await sleep(2 * POLL_MS + 1000); // every page syncs at least twice more: all caught up
  running = false;
  for (const state of states) clearInterval(state.timer);

  for (const [key, seenAt] of seenEarly) {
    const startedAt = typeof key === 'number' ? acked.get(key) : changedAt.get(key);
    deliveries.push(seenAt - (startedAt ?? seenAt));
  }
  let missing = 0;
  let extra = 0;
  let outOfOrder = 0;
  for (const state of states) {
    outOfOrder += state.outOfOrder;
    extra += state.repeats;
    for (const id of acked.keys()) if (!state.received.has(id)) missing += 1;
    for (const key of changedAt.keys()) {
      if (state.firstIds.has(Number(key.split(':')[0]))) continue;
      const times = state.changes.get(key) ?? 0;
      if (times === 0) missing += 1;
      if (times > 1) extra += times - 1;
    }
  }
  pollLatencies.sort((a, b) => a - b);
  deliveries.sort((a, b) => a - b);
  return {
    pages,
    writes: { ...counts },
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
    errors: { polls: pollErrors, writes: writeErrors },
    // Acknowledged before the pages stopped: an overloaded server (or client queue) that
    // acknowledged nothing in time proves nothing.
    acknowledgedInTime: {
      sends: acked.size,
      changes: changedAt.size,
      deliveries: deliveries.length,
    },
    everyPageSawEveryChangeOnceInOrder:
      missing === 0 && extra === 0 && outOfOrder === 0 && acked.size > 0 && deliveries.length > 0,
    check: { missing, extra, outOfOrder },
    serverCpuSeconds: round(usageAfter.cpuSeconds - usageBefore.cpuSeconds),
    serverCpuShare: round((usageAfter.cpuSeconds - usageBefore.cpuSeconds) / elapsed),
    serverPeakRssMb: round(usageAfter.peakRssMb),
    // Per sync, the writes' cost included: what a page costs the servers.
    ...cpuPerRequest({
      before: usageBefore,
      after: usageAfter,
      storesBefore,
      storesAfter,
      requests: Math.max(1, pollsMeasured),
    }),
  };
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
