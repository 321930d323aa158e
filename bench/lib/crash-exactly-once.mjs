// The `crash` scenario: exactly-once sending while the server is killed with SIGKILL
// and started again on the same data. The short version runs in `npm test`
// (server/test/crash-exactly-once.e2e-spec.ts); this one is longer, and reports.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, root } from './server.mjs';

const require = createRequire(import.meta.url);
const sqlite3 = require('sqlite3');

const PASSWORD = 'benchmark password';
/** How long one request may take before it counts as failed (and is sent again). */
const REQUEST_TIMEOUT_MS = 10_000;
/** The pause before a retry doubles with each failure in a row, from 25 ms up to 200 ms. */
const RETRY_PAUSE_MS = 25;
const MAX_RETRY_PAUSE_MS = 200;
const POLL_PAUSE_MS = 20;
/** A request answered 5xx this many times ends the run (each is a violation already). */
const MAX_SERVER_ERRORS = 10;

const retryPause = (inARow) => Math.min(MAX_RETRY_PAUSE_MS, RETRY_PAUSE_MS * 2 ** (inARow - 1));

/**
 * `senders` concurrent senders (tabs of `users` users, spread over `rooms` rooms)
 * each send `messages` messages with fresh clientIds, and send each again after any
 * failure (refused, reset, timed out, 5xx) with the same clientId until it is
 * acknowledged (201, or 200: already stored); a share of them once more on purpose,
 * which must answer 200 with the same message. A poller per room syncs throughout.
 * Meanwhile the server is killed with SIGKILL `kills` times at random moments, each
 * time started again on the same data (on another port: everyone follows).
 *
 * Then: every acknowledged message is stored exactly once (through the API and in
 * the SQLite file), each poller saw its room's seqs 1, 2, 3… with no gap or repeat,
 * each message as it was sent, and no sync answered `reset` or `first` after the
 * first. Returns the figures, `violations` listing whatever broke.
 */
export async function crashExactlyOnce({
  serverScript,
  senders = 20,
  users = 5,
  messages = 200,
  kills = 10,
  rooms = 2,
  resendShare = 0.1,
  deadlineSeconds = 600,
  log = () => undefined,
}) {
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'chat-bench-crash-'));
  const slugs = Array.from({ length: rooms }, (_, index) => `crash-${index + 1}`);
  const total = senders * messages;
  const violations = [];
  const counts = {
    attempts: 0,
    failedAttempts: 0,
    serverErrors: 0,
    answered200: 0,
    lostAcksRecovered: 0,
    deliberateResends: 0,
    syncs: 0,
  };
  const restarts = [];
  let server;
  let stopping = false;

  /** Sends until one of `expected` answers; failures and 5xx are retried. */
  async function untilAnswered(what, attempt, expected) {
    let serverErrors = 0;
    let failures = 0;
    for (;;) {
      if (stopping) throw new Error(`${what}: stopped`);
      if (Date.now() - started > deadlineSeconds * 1000) {
        throw new Error(`${what}: deadline passed`);
      }
      counts.attempts += 1;
      let answer;
      try {
        answer = await attempt();
      } catch {
        // Refused, reset or timed out: the server is down or restarting.
        counts.failedAttempts += 1;
        failures += 1;
        await sleep(retryPause(failures + serverErrors));
        continue;
      }
      if (expected.includes(answer.status)) return { ...answer, failures };
      counts.failedAttempts += 1;
      const detail = `${what}: ${answer.status} ${JSON.stringify(answer.body)} after ${failures} failures`;
      violations.push(detail);
      if (answer.status < 500) throw new Error(detail);
      counts.serverErrors += 1;
      serverErrors += 1;
      if (serverErrors >= MAX_SERVER_ERRORS) throw new Error(detail);
      await sleep(retryPause(failures + serverErrors));
    }
  }

  const currentUrl = () => server.url;
  async function account(username) {
    const client = new Client(currentUrl);
    const credentials = { username, password: PASSWORD };
    const signup = await untilAnswered(
      `sign-up ${username}`,
      () => client.request('POST', '/api/auth/signup', credentials),
      [201, 409],
    );
    if (signup.status === 409) {
      // Taken: only by an earlier attempt whose answer was lost.
      if (signup.failures === 0) throw new Error(`sign-up ${username}: 409 at the first attempt`);
      await untilAnswered(
        `login ${username}`,
        () => client.request('POST', '/api/auth/login', credentials),
        [200],
      );
    }
    return client;
  }

  const sent = new Map(); // clientId → {room, username, content}
  const acks = new Map(); // clientId → [{status, id, seq}]
  const perRoom = new Map(slugs.map((slug) => [slug, 0]));
  let acknowledged = 0;

  async function send(client, clientId, message, deliberate) {
    const { status, body } = await untilAnswered(
      `send ${clientId}${deliberate ? ' again' : ''}`,
      () =>
        client.request('POST', `/api/rooms/${message.room}/messages`, {
          content: message.content,
          clientId,
        }),
      deliberate ? [200] : [200, 201],
    );
    const stored = body.message;
    if (
      stored.content !== message.content ||
      stored.clientId !== clientId ||
      stored.username !== message.username
    ) {
      violations.push(`send ${clientId}: answered with another message ${JSON.stringify(stored)}`);
    }
    const earlier = acks.get(clientId) ?? [];
    const ack = { status, id: stored.id, seq: stored.seq };
    if (earlier.some((other) => other.id !== ack.id || other.seq !== ack.seq)) {
      violations.push(`send ${clientId}: answers disagree ${JSON.stringify([...earlier, ack])}`);
    }
    if (status === 200) {
      counts.answered200 += 1;
      if (earlier.length === 0) counts.lostAcksRecovered += 1;
    }
    if (earlier.length === 0) acknowledged += 1;
    acks.set(clientId, [...earlier, ack]);
  }

  async function runSender(index, tabs) {
    const { client, username } = tabs[index % tabs.length];
    const room = slugs[index % slugs.length];
    for (let count = 0; count < messages; count += 1) {
      const clientId = randomUUID();
      const message = { room, username, content: `sender ${index} #${count}` };
      sent.set(clientId, message);
      perRoom.set(room, perRoom.get(room) + 1);
      await send(client, clientId, message, false);
      if (Math.random() < resendShare) {
        counts.deliberateResends += 1;
        await send(client, clientId, message, true);
      }
    }
  }

  const seen = new Map(slugs.map((slug) => [slug, []]));
  let sendersDone = false;

  async function poll(client, slug, onFirst) {
    let cursor;
    const list = seen.get(slug);
    for (;;) {
      const since = cursor === undefined ? '' : `&since=${encodeURIComponent(cursor)}`;
      const { body } = await untilAnswered(
        `sync ${slug}`,
        () => client.request('GET', `/api/sync?room=${slug}${since}`),
        [200],
      );
      counts.syncs += 1;
      // The same database throughout: the cursor stays good across every restart.
      if (body.reset !== false || body.room?.first !== (cursor === undefined)) {
        violations.push(
          `sync ${slug}: reset ${body.reset}, first ${body.room?.first} on ` +
            (cursor === undefined ? 'the first call' : 'a later call'),
        );
      }
      for (const { id, seq, content, username, deleted } of body.room.changes) {
        list.push({ id, seq, content, username, deleted });
      }
      if (cursor === undefined) onFirst();
      cursor = body.cursor;
      if (body.room.more) continue;
      const expected = perRoom.get(slug);
      if (sendersDone && (list.length >= expected || (list.at(-1)?.seq ?? 0) >= expected)) return;
      if (stopping) return;
      await sleep(POLL_PAUSE_MS);
    }
  }

  async function killer() {
    for (let kill = 0; kill < kills; kill += 1) {
      // Somewhere in the middle of the kill-th stretch of the messages: mid-traffic.
      const at = Math.floor((total * (kill + 0.2 + 0.6 * Math.random())) / kills);
      while (acknowledged < at && !stopping) await sleep(2);
      if (stopping) return;
      await sleep(Math.random() * 20);
      await server.kill('SIGKILL');
      const down = Date.now();
      server = await startServer(serverScript, dataDir);
      restarts.push((Date.now() - down) / 1000);
      log(`crash: kill ${kill + 1}/${kills} at ${acknowledged}/${total} acknowledged`);
    }
  }

  let setupSeconds = 0;
  let sendingSeconds = 0;
  const pollers = [];
  let killing = Promise.resolve();
  try {
    server = await startServer(serverScript, dataDir);
    const admin = await account('crash-admin');
    for (const slug of slugs) {
      await untilAnswered(
        `room ${slug}`,
        () => admin.request('POST', '/api/rooms', { name: slug, slug }),
        [201],
      );
    }
    const tabs = [];
    for (let index = 0; index < users; index += 1) {
      const username = `crash-user-${index}`;
      tabs.push({ client: await account(username), username });
    }
    const firstSyncs = slugs.map((slug) => {
      let synced;
      const first = new Promise((done) => (synced = done));
      pollers.push(poll(admin, slug, () => synced()));
      return first;
    });
    // Each poller's first sync sees its room empty: every message is a change after it.
    await Promise.race([Promise.all(firstSyncs), Promise.all(pollers)]);
    setupSeconds = (Date.now() - started) / 1000;

    killing = killer();
    const sending = Promise.all(
      Array.from({ length: senders }, (_, index) => runSender(index, tabs)),
    ).then(() => {
      sendersDone = true;
      sendingSeconds = (Date.now() - started) / 1000 - setupSeconds;
    });
    await Promise.all([sending, killing, ...pollers]);

    if (restarts.length !== kills) violations.push(`${restarts.length} of ${kills} kills happened`);
    const listed = await listThroughApi(admin, slugs, untilAnswered);
    await server.kill('SIGTERM');
    const stored = await readDatabase(join(dataDir, 'chat.sqlite'));
    return {
      ...judge({ sent, acks, seen, listed, stored, slugs, perRoom, violations }),
      senders,
      users,
      messagesPerSender: messages,
      kills: restarts.length,
      ...counts,
      restartSeconds: {
        mean: round(restarts.reduce((sum, s) => sum + s, 0) / (restarts.length || 1)),
        max: round(Math.max(0, ...restarts)),
      },
      setupSeconds: round(setupSeconds),
      sendingSeconds: round(sendingSeconds),
      seconds: round((Date.now() - started) / 1000),
    };
  } catch (error) {
    stopping = true;
    await Promise.allSettled([killing, ...pollers]);
    violations.push(`the run stopped: ${error.message}`);
    if (server) violations.push(`server's last output:\n${server.output()}`);
    return {
      ok: false,
      violations,
      senders,
      messagesPerSender: messages,
      kills: restarts.length,
      seconds: round((Date.now() - started) / 1000),
    };
  } finally {
    stopping = true;
    await server?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The invariants, counted: what was acknowledged, stored, seen, and what broke. */
function judge({ sent, acks, seen, listed, stored, slugs, perRoom, violations }) {
  const byId = new Map();
  for (const [clientId, answers] of acks) {
    if (new Set(answers.map((ack) => ack.id)).size !== 1) {
      violations.push(`${clientId}: acknowledged as different messages`);
    }
    byId.set(answers[0].id, { clientId, ...sent.get(clientId) });
  }
  const unacknowledged = [...sent.keys()].filter((clientId) => !acks.has(clientId));
  if (unacknowledged.length > 0) violations.push(`${unacknowledged.length} never acknowledged`);

  const asSent = (message, slug) => {
    const original = byId.get(message.id);
    return (
      original &&
      original.room === slug &&
      original.content === message.content &&
      original.username === message.username &&
      !message.deleted
    );
  };

  let gapsSeen = 0;
  let repeatsSeen = 0;
  let notAsSent = 0;
  for (const slug of slugs) {
    const list = seen.get(slug);
    let previous = 0;
    for (const message of list) {
      if (message.seq <= previous) repeatsSeen += 1;
      else if (message.seq !== previous + 1) gapsSeen += 1;
      previous = Math.max(previous, message.seq);
      if (!asSent(message, slug)) notAsSent += 1;
    }
    if (previous !== perRoom.get(slug)) {
      violations.push(`${slug}: the poller's last seq is ${previous}, not ${perRoom.get(slug)}`);
    }
    const apiSeqs = listed.get(slug).map((message) => message.seq);
    if (apiSeqs.some((seq, index) => seq !== index + 1) || apiSeqs.length !== perRoom.get(slug)) {
      violations.push(`${slug}: the API lists seqs other than 1..${perRoom.get(slug)}`);
    }
    const apiNotAsSent = listed.get(slug).filter((message) => !asSent(message, slug)).length;
    if (apiNotAsSent > 0) violations.push(`${slug}: the API lists ${apiNotAsSent} not as sent`);
    const rows = stored.messages.filter((row) => row.room === slug);
    if (rows.some((row, index) => row.seq !== index + 1)) {
      violations.push(`${slug}: stored seqs are not 1..${rows.length}`);
    }
    if (stored.heads.get(slug) !== perRoom.get(slug)) {
      violations.push(`${slug}: the head is ${stored.heads.get(slug)}, not ${perRoom.get(slug)}`);
    }
  }
  if (gapsSeen > 0) violations.push(`${gapsSeen} gaps seen by the pollers`);
  if (repeatsSeen > 0) violations.push(`${repeatsSeen} seqs seen twice or out of order`);
  if (notAsSent > 0) violations.push(`${notAsSent} messages seen not as they were sent`);

  const duplicates = stored.duplicates.reduce((sum, row) => sum + row.copies - 1, 0);
  if (duplicates > 0)
    violations.push(`${duplicates} stored twice: ${JSON.stringify(stored.duplicates)}`);
  const storedIds = new Set(stored.messages.map((row) => row.clientId));
  const lost = [...acks.keys()].filter((clientId) => !storedIds.has(clientId)).length;
  if (lost > 0) violations.push(`${lost} acknowledged messages not stored`);
  const strangers = stored.messages.filter(
    (row) => !sent.has(row.clientId) || acks.get(row.clientId)?.[0].id !== row.id,
  ).length;
  if (strangers > 0)
    violations.push(`${strangers} stored messages were never acknowledged as such`);

  return {
    ok: violations.length === 0,
    violations,
    acknowledged: acks.size,
    stored: stored.messages.length,
    duplicates,
    lost,
    gapsSeen,
    repeatsSeen,
    seenByPollers: slugs.reduce((sum, slug) => sum + seen.get(slug).length, 0),
  };
}

async function listThroughApi(admin, slugs, untilAnswered) {
  const listed = new Map();
  for (const slug of slugs) {
    const list = [];
    for (;;) {
      const after = list.at(-1)?.id ?? 0;
      const { body } = await untilAnswered(
        `list ${slug}`,
        () => admin.request('GET', `/api/rooms/${slug}/messages?after=${after}&limit=100`),
        [200],
      );
      list.push(...body.messages);
      if (body.messages.length < 100) break;
    }
    listed.set(slug, list);
  }
  return listed;
}

/** A browser-like client (cookies kept, XSRF-TOKEN echoed) of whichever server runs now. */
class Client {
  cookies = new Map();

  constructor(url) {
    this.url = url;
  }

  /** One attempt; throws on a network failure or a timeout. */
  async request(method, path, body) {
    if (method !== 'GET' && !this.cookies.has('XSRF-TOKEN')) {
      await this.request('GET', '/api/auth/me');
    }
    const headers = {
      cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
    };
    if (method !== 'GET') {
      headers['x-xsrf-token'] = decodeURIComponent(this.cookies.get('XSRF-TOKEN') ?? '');
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(this.url() + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    // The body first: an answer cut off half-way changes nothing here.
    const text = await response.text();
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const index = pair.indexOf('=');
      this.cookies.set(pair.slice(0, index), pair.slice(index + 1));
    }
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
}

/** The server on 127.0.0.1 and a free port, once GET /api/health answers. */
async function startServer(script, dataDir) {
  const port = await freePort();
  const child = spawn(process.execPath, [script], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      CLIENT_DIR: join(dataDir, 'no-client'),
      AUTH_RATE_LIMIT: '1000000',
      SEND_RATE_LIMIT: '1000000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk) => (output = (output + chunk).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const server = {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited: ${output}`);
    }
    try {
      if ((await fetch(`${server.url}/api/health`)).ok) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.kill('SIGKILL');
      throw new Error(`the server did not start: ${output}`);
    }
    await sleep(50);
  }
}

/** The messages by room and seq, any clientId stored twice (or none), each room's head. */
function readDatabase(file) {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (error) => {
      if (error) return reject(error);
      const all = (sql) =>
        new Promise((done, fail) => db.all(sql, (err, rows) => (err ? fail(err) : done(rows))));
      Promise.all([
        all(`SELECT m.id, r.slug AS room, m.seq, m.clientId, m.content, u.username
             FROM messages m JOIN rooms r ON r.id = m.roomId JOIN users u ON u.id = m.userId
             ORDER BY r.slug, m.seq`),
        all(`SELECT userId, clientId, COUNT(*) AS copies FROM messages
             GROUP BY userId, clientId HAVING COUNT(*) > 1 OR clientId IS NULL`),
        all(`SELECT slug, lastSeq FROM rooms`),
      ]).then(
        ([messages, duplicates, heads]) =>
          db.close(() =>
            resolve({
              messages,
              duplicates,
              heads: new Map(heads.map((head) => [head.slug, Number(head.lastSeq)])),
            }),
          ),
        (failure) => db.close(() => reject(failure)),
      );
    });
  });
}

const round = (value) => Math.round(value * 10) / 10;

/** The scenario's lines for the bench's report. */
export function printCrash(figures, line) {
  console.log(
    `crash (${figures.senders} senders × ${figures.messagesPerSender} messages, ` +
      `${figures.kills} SIGKILLs and restarts)`,
  );
  if (figures.acknowledged !== undefined) {
    line('acknowledged / stored', `${figures.acknowledged} / ${figures.stored}`);
    line('duplicates / lost', `${figures.duplicates} / ${figures.lost}`);
    line('gaps / repeats seen by pollers', `${figures.gapsSeen} / ${figures.repeatsSeen}`);
    line(
      'resends answered 200 (lost acks)',
      `${figures.answered200} (${figures.lostAcksRecovered}; ${figures.deliberateResends} on purpose)`,
    );
    line(
      'attempts / failed / 5xx',
      `${figures.attempts} / ${figures.failedAttempts} / ${figures.serverErrors}`,
    );
    line('restart s mean / max', `${figures.restartSeconds.mean} / ${figures.restartSeconds.max}`);
    line(
      'seconds (setup / sending / all)',
      `${figures.setupSeconds} / ${figures.sendingSeconds} / ${figures.seconds}`,
    );
  }
  line('every invariant held', figures.ok);
  for (const violation of figures.violations) console.log(`    ✗ ${violation}`);
}

/** Full: 20 senders × 200 messages, 10 kills. Smoke (`--smoke`): 20 × 10 (3 users), 2 kills. */
export const CRASH_SETTINGS = {
  full: { senders: 20, users: 5, messages: 200, kills: 10 },
  smoke: { senders: 20, users: 3, messages: 10, kills: 2 },
};

/** Runs the scenario as bench/run.mjs does, prints its figures and returns them. */
export async function crashScenario({ serverScript, smoke, log }) {
  const settings = smoke ? CRASH_SETTINGS.smoke : CRASH_SETTINGS.full;
  log(
    `crash: ${settings.senders} senders × ${settings.messages} messages, ` +
      `${settings.kills} SIGKILLs and restarts`,
  );
  const figures = await crashExactlyOnce({ serverScript, ...settings, log });
  console.log('');
  printCrash(figures, (name, value) => console.log(`  ${name.padEnd(34)} ${value}`));
  if (!figures.ok) {
    console.error(
      '[bench] crash: an acknowledged message was lost, duplicated or seen out of order',
    );
  }
  return figures;
}
