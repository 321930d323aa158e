import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import sqlite3 from 'sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { testTarget } from './helpers/test-target';
import { makeDataDir } from './helpers/test-app';

/**
 * Exactly-once sending under crashes: concurrent senders that retry every failure
 * with the same clientId, while the production server is killed with SIGKILL at
 * random moments and started again on the same data; a poller per room syncs
 * throughout. `npm run bench -- --scenarios crash` runs a longer version
 * (bench/lib/crash-exactly-once.mjs).
 */
const SENDERS = 20;
/** Senders share these users, several tabs each (every user sends in every room). */
const USERS = 5;
const MESSAGES_PER_SENDER = 25;
const KILLS = 3;
const ROOMS = ['crash-a', 'crash-b'];
/** The share of acknowledged messages sent once more on purpose: each must answer 200. */
const RESEND_SHARE = 0.1;
/** How long one request may take before it counts as failed (and is sent again). */
const REQUEST_TIMEOUT_MS = 10_000;
/** The pause before a retry doubles with each failure in a row, from 25 ms up to 200 ms. */
const RETRY_PAUSE_MS = 25;
const MAX_RETRY_PAUSE_MS = 200;
/** A request answered 5xx this many times ends the run (each is an anomaly already). */
const MAX_SERVER_ERRORS = 10;
const POLL_PAUSE_MS = 20;
/** Generous: on a loaded machine a restart alone can take seconds. */
const DEADLINE_MS = 90_000;
const PASSWORD = 'correct horse 1';

interface Standby {
  child: ChildProcess;
  /** Opens the database and listens; resolves with the URL. */
  go(): Promise<string>;
  output(): string;
}

/**
 * A server process for `dataDir` that loads its modules now and opens the database
 * only on go() (see helpers/standby-server.cjs): the production entry point, run
 * from the TypeScript sources, on 127.0.0.1 and a free port.
 */
function standbyServer(dataDir: string, children: ChildProcess[]): Standby {
  const child = spawn(
    process.execPath,
    [
      '-r',
      resolve(__dirname, 'helpers/swc-register.cjs'),
      resolve(__dirname, 'helpers/standby-server.cjs'),
    ],
    {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        NO_COLOR: '1',
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: dataDir,
        CLIENT_DIR: join(dataDir, 'no-client'),
        AUTH_RATE_LIMIT: '1000',
        SEND_RATE_LIMIT: '1000000',
        SHUTDOWN_TIMEOUT_MS: '1000',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let output = '';
  const url = new Promise<string>((resolveUrl, reject) => {
    const onData = (chunk: Buffer) => {
      // The latest output only: what explains a failure is at the end.
      output = (output + chunk.toString()).slice(-20_000);
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolveUrl(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) =>
      reject(new Error(`A server exited (${code ?? signal}) before listening:\n${output}`)),
    );
  });
  url.catch(() => undefined); // reported by go(), if it is ever called
  return {
    child,
    go: () => {
      child.stdin.end('go\n');
      return url;
    },
    output: () => output,
  };
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (!isRunning(child)) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill(signal);
  await exited;
}

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * A browser-like client (its cookies, X-XSRF-TOKEN echoed) that asks whichever
 * server runs now: the URL is read at every request.
 */
class Client {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly url: () => string) {}

  /** One attempt; throws on a network failure or after REQUEST_TIMEOUT_MS. */
  async request(method: string, path: string, body?: unknown): Promise<Answer> {
    if (method !== 'GET' && !this.cookies.has('XSRF-TOKEN')) {
      await this.request('GET', '/api/auth/me');
    }
    const headers: Record<string, string> = {
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

interface SentMessage {
  clientId: string;
  room: string;
  username: string;
  content: string;
}

interface Ack {
  status: number;
  id: number;
  seq: number;
}

interface Seen {
  id: number;
  seq: number;
  content: string;
  username: string;
  deleted: boolean;
}

const retryPause = (inARow: number) =>
  Math.min(MAX_RETRY_PAUSE_MS, RETRY_PAUSE_MS * 2 ** (inARow - 1));

/** "TypeError: fetch failed ECONNREFUSED ×24; …": each kind of failure once, counted. */
function summarize(failures: string[]): string {
  const counts = new Map<string, number>();
  for (const failure of failures) counts.set(failure, (counts.get(failure) ?? 0) + 1);
  return [...counts].map(([failure, count]) => `${failure} ×${count}`).join('; ');
}

const oneTo = (count: number) => Array.from({ length: count }, (_, index) => index + 1);

// Its servers are its own, on SQLite: the PostgreSQL and cluster runs would repeat it.
describe.skipIf(testTarget !== 'sqlite')(
  'exactly-once sending while the server is killed with SIGKILL',
  () => {
    const dataDir = makeDataDir();
    const children: ChildProcess[] = [];

    afterAll(async () => {
      await Promise.all(children.map((child) => stop(child, 'SIGKILL')));
      rmSync(dataDir, { recursive: true, force: true });
    });

    it(
      'stores every acknowledged message once; a poller per room sees every seq once, in order',
      async () => {
        const started = Date.now();
        let server = standbyServer(dataDir, children);
        let url = await server.go();
        let standby = standbyServer(dataDir, children);
        const currentUrl = () => url;

        /** Wrong answers: a 5xx, an unexpected status, contradicting acks. Must stay empty. */
        const anomalies: string[] = [];
        /** Network failures and timeouts, by what was being done: context for an anomaly. */
        const failures = new Map<string, string[]>();
        const figures = {
          acknowledged: 0,
          attempts: 0,
          failedAttempts: 0,
          /** First answered 200: an earlier attempt was stored but its answer was lost. */
          lostAcksRecovered: 0,
          deliberateResends: 0,
          answered200: 0,
          syncs: 0,
          kills: 0,
          setupSeconds: 0,
          restartSeconds: 0,
          sendingSeconds: 0,
        };
        let stopping = false;

        /** Sends until the server answers one of `expected`; failures and 5xx are retried. */
        async function untilAnswered(
          what: string,
          attempt: () => Promise<Answer>,
          expected: number[],
        ): Promise<Answer> {
          let serverErrors = 0;
          let inARow = 0;
          for (;;) {
            if (stopping) throw new Error(`${what}: stopped`);
            if (Date.now() - started > DEADLINE_MS) throw new Error(`${what}: deadline passed`);
            figures.attempts += 1;
            let answer: Answer;
            try {
              answer = await attempt();
            } catch (error) {
              // Refused, reset or timed out: the server is down or restarting.
              figures.failedAttempts += 1;
              const cause = (error as { cause?: { code?: string } }).cause?.code ?? '';
              failures.set(what, [...(failures.get(what) ?? []), `${String(error)} ${cause}`]);
              await sleep(retryPause((inARow += 1)));
              continue;
            }
            if (expected.includes(answer.status)) return answer;
            figures.failedAttempts += 1;
            const earlier = summarize(failures.get(what) ?? []) || 'none';
            const detail = `${what}: ${answer.status} ${JSON.stringify(answer.body)} (failures before: ${earlier})`;
            anomalies.push(detail);
            // A 5xx is retried, as a client would; but with the server up it is a bug, and
            // one that answers every attempt so need not be waited out to the deadline.
            serverErrors += 1;
            if (answer.status < 500 || serverErrors >= MAX_SERVER_ERRORS) throw new Error(detail);
            await sleep(retryPause((inARow += 1)));
          }
        }

        /** Signs up; logs in instead when an earlier attempt's answer was lost (409: taken). */
        async function account(username: string): Promise<Client> {
          const client = new Client(currentUrl);
          const credentials = { username, password: PASSWORD };
          const what = `sign-up ${username}`;
          const signup = await untilAnswered(
            what,
            () => client.request('POST', '/api/auth/signup', credentials),
            [201, 409],
          );
          if (signup.status === 409) {
            if (!failures.has(what)) throw new Error(`${what}: 409 at the first attempt`);
            await untilAnswered(
              `login ${username}`,
              () => client.request('POST', '/api/auth/login', credentials),
              [200],
            );
          }
          return client;
        }

        // Users and rooms, through the API: the first user is the admin.
        const admin = await account('crash-admin');
        for (const slug of ROOMS) {
          await untilAnswered(
            `room ${slug}`,
            () => admin.request('POST', '/api/rooms', { name: slug, slug }),
            [201],
          );
        }
        const users: { client: Client; username: string }[] = [];
        for (let index = 0; index < USERS; index += 1) {
          const username = `crash-user-${index}`;
          users.push({ client: await account(username), username });
        }

        const sent = new Map<string, SentMessage>();
        const acks = new Map<string, Ack[]>();
        const inRoom = (slug: string) =>
          [...sent.values()].filter((message) => message.room === slug).length;

        async function send(client: Client, message: SentMessage, deliberate: boolean) {
          const { status, body } = await untilAnswered(
            `send ${message.clientId}${deliberate ? ' again' : ''}`,
            () =>
              client.request('POST', `/api/rooms/${message.room}/messages`, {
                content: message.content,
                clientId: message.clientId,
              }),
            deliberate ? [200] : [200, 201],
          );
          const stored = body.message;
          if (
            stored.content !== message.content ||
            stored.clientId !== message.clientId ||
            stored.username !== message.username
          ) {
            anomalies.push(`send ${message.clientId}: another message ${JSON.stringify(stored)}`);
          }
          const earlier = acks.get(message.clientId) ?? [];
          const ack = { status, id: Number(stored.id), seq: Number(stored.seq) };
          // A 200 must name the message an earlier answer named.
          if (earlier.some((other) => other.id !== ack.id || other.seq !== ack.seq)) {
            anomalies.push(`send ${message.clientId}: ${JSON.stringify([...earlier, ack])}`);
          }
          if (status === 200) {
            figures.answered200 += 1;
            if (earlier.length === 0) figures.lostAcksRecovered += 1;
          }
          if (earlier.length === 0) figures.acknowledged += 1;
          acks.set(message.clientId, [...earlier, ack]);
        }

        async function runSender(index: number) {
          const { client, username } = users[index % USERS];
          const room = ROOMS[index % ROOMS.length];
          for (let count = 0; count < MESSAGES_PER_SENDER; count += 1) {
            const clientId = randomUUID();
            const message = { clientId, room, username, content: `sender ${index} #${count}` };
            sent.set(clientId, message);
            await send(client, message, false);
            if (Math.random() < RESEND_SHARE) {
              figures.deliberateResends += 1;
              await send(client, message, true);
            }
          }
        }

        // One poller per room, syncing throughout as an open tab does (the admin's tabs).
        const seen = new Map<string, Seen[]>(ROOMS.map((slug) => [slug, []]));
        let sendersDone = false;

        async function poll(slug: string, onFirst: () => void) {
          let cursor: string | undefined;
          const list = seen.get(slug)!;
          for (;;) {
            const since = cursor === undefined ? '' : `&since=${encodeURIComponent(cursor)}`;
            const { body } = await untilAnswered(
              `sync ${slug}`,
              () => admin.request('GET', `/api/sync?room=${slug}${since}`),
              [200],
            );
            figures.syncs += 1;
            // The same database throughout: the cursor stays good across every restart.
            if (body.reset !== false || body.room?.first !== (cursor === undefined)) {
              anomalies.push(
                `sync ${slug}: reset ${body.reset}, first ${body.room?.first} ` +
                  `on ${cursor === undefined ? 'the first call' : 'a later call'}`,
              );
            }
            for (const { id, seq, content, username, deleted } of body.room.changes as Seen[]) {
              list.push({ id, seq, content, username, deleted });
            }
            if (cursor === undefined) onFirst();
            cursor = body.cursor as string;
            if (body.room.more) continue;
            // Caught up (or past it, by a repeat or a gap: the checks below say which).
            const expected = inRoom(slug);
            if (sendersDone && (list.length >= expected || (list.at(-1)?.seq ?? 0) >= expected)) {
              return;
            }
            if (stopping) return;
            await sleep(POLL_PAUSE_MS);
          }
        }

        // Kills at random moments while messages flow: the k-th somewhere in the middle
        // of the k-th stretch of the messages, so every one lands mid-traffic. The next
        // server starts at once on the same data, from a process loaded beforehand.
        const total = SENDERS * MESSAGES_PER_SENDER;
        async function killer() {
          for (let kill = 0; kill < KILLS; kill += 1) {
            const at = Math.floor((total * (kill + 0.2 + 0.6 * Math.random())) / KILLS);
            while (figures.acknowledged < at && !stopping) await sleep(2);
            if (stopping) return;
            await sleep(Math.random() * 20);
            await stop(server.child, 'SIGKILL');
            figures.kills += 1;
            const down = Date.now();
            server = standby;
            url = await server.go();
            figures.restartSeconds += (Date.now() - down) / 1000;
            standby = standbyServer(dataDir, children);
          }
        }

        const firstSyncs: Promise<void>[] = [];
        const pollers = ROOMS.map((slug) => {
          let synced: () => void = () => undefined;
          firstSyncs.push(new Promise<void>((done) => (synced = done)));
          return poll(slug, () => synced());
        });
        let killing: Promise<void> = Promise.resolve();
        try {
          // Each poller's first sync sees the rooms empty: every message is a change after it.
          await Promise.race([Promise.all(firstSyncs), Promise.all(pollers)]);
          figures.setupSeconds = (Date.now() - started) / 1000;
          killing = killer();
          const sending = Promise.all(Array.from({ length: SENDERS }, (_, i) => runSender(i))).then(
            () => {
              sendersDone = true;
              figures.sendingSeconds = (Date.now() - started) / 1000 - figures.setupSeconds;
            },
          );
          // Whichever fails first fails the test at once.
          await Promise.all([sending, killing, ...pollers]);
        } catch (error) {
          stopping = true;
          await Promise.allSettled([killing, ...pollers]);
          throw new Error(
            `${String(error)}\nanomalies:\n${anomalies.join('\n')}\n` +
              `server output:\n${server.output()}`,
            { cause: error },
          );
        }
        expect(anomalies, server.output()).toEqual([]);
        expect(figures.kills).toBe(KILLS);

        // Every message was acknowledged, and the acknowledgements of each agree.
        expect(sent.size).toBe(total);
        expect(acks.size).toBe(total);
        const byId = new Map<number, SentMessage>();
        for (const [clientId, answers] of acks) {
          expect(new Set(answers.map((ack) => ack.id)).size).toBe(1);
          byId.set(answers[0].id, sent.get(clientId)!);
        }
        expect(byId.size).toBe(total);
        const expectSent = (message: Seen, slug: string) => {
          const original = byId.get(message.id);
          expect(original, `message ${message.id} in ${slug}`).toBeDefined();
          expect([message.content, message.username, message.deleted, slug]).toEqual([
            original!.content,
            original!.username,
            false,
            original!.room,
          ]);
        };

        // What the pollers saw: every seq of the room once, in order, no gap, as sent.
        for (const slug of ROOMS) {
          const list = seen.get(slug)!;
          expect(list.map((message) => message.seq)).toEqual(oneTo(inRoom(slug)));
          list.forEach((message) => expectSent(message, slug));
        }

        // Through the API: each room holds exactly its acknowledged messages, as sent.
        for (const slug of ROOMS) {
          const listed: Seen[] = [];
          for (;;) {
            const after = listed.at(-1)?.id ?? 0;
            const { body } = await untilAnswered(
              `list ${slug}`,
              () => admin.request('GET', `/api/rooms/${slug}/messages?after=${after}&limit=100`),
              [200],
            );
            listed.push(...(body.messages as Seen[]));
            if (body.messages.length < 100) break;
          }
          expect(listed.map((message) => message.seq)).toEqual(oneTo(inRoom(slug)));
          expect(new Set(listed.map((message) => message.id)).size).toBe(listed.length);
          listed.forEach((message) => expectSent(message, slug));
        }

        // And in the SQLite file itself, once the last server has stopped.
        await stop(server.child, 'SIGTERM');
        const stored = await readDatabase(join(dataDir, 'chat.sqlite'));
        expect(stored.duplicates).toEqual([]);
        expect(stored.messages.length).toBe(total);
        for (const row of stored.messages) {
          const original = sent.get(row.clientId ?? '');
          expect(original, `stored message ${row.id}`).toBeDefined();
          expect([row.id, row.content, row.username, row.room]).toEqual([
            acks.get(row.clientId!)![0].id,
            original!.content,
            original!.username,
            original!.room,
          ]);
        }
        for (const slug of ROOMS) {
          const rows = stored.messages.filter((row) => row.room === slug);
          expect(rows.map((row) => row.seq)).toEqual(oneTo(inRoom(slug)));
          expect(stored.heads.get(slug)).toBe(inRoom(slug));
        }

        const seconds = (Date.now() - started) / 1000;
        const rounded = (_: string, value: unknown) =>
          typeof value === 'number' ? Math.round(value * 10) / 10 : value;
        console.log(`crash-exactly-once: ${JSON.stringify({ ...figures, seconds }, rounded)}`);
      },
      DEADLINE_MS + 30_000,
    );
  },
);

interface StoredRow {
  id: number;
  room: string;
  seq: number;
  clientId: string | null;
  content: string;
  username: string;
}

/** The messages (by room and seq), any clientId stored twice (or none), each room's head. */
async function readDatabase(file: string): Promise<{
  messages: StoredRow[];
  duplicates: unknown[];
  heads: Map<string, number>;
}> {
  const db = await new Promise<sqlite3.Database>((resolveDb, reject) => {
    const opened = new sqlite3.Database(file, (error) =>
      error ? reject(error) : resolveDb(opened),
    );
  });
  const all = <Row>(sql: string) =>
    new Promise<Row[]>((resolveRows, reject) =>
      db.all<Row>(sql, (error, rows) => (error ? reject(error) : resolveRows(rows))),
    );
  try {
    const messages = await all<StoredRow>(
      `SELECT m.id, r.slug AS room, m.seq, m.clientId, m.content, u.username
       FROM messages m JOIN rooms r ON r.id = m.roomId JOIN users u ON u.id = m.userId
       ORDER BY r.slug, m.seq`,
    );
    const duplicates = await all(
      `SELECT userId, clientId, COUNT(*) AS copies FROM messages
       GROUP BY userId, clientId HAVING COUNT(*) > 1 OR clientId IS NULL`,
    );
    const heads = await all<{ slug: string; lastSeq: number }>(`SELECT slug, lastSeq FROM rooms`);
    return {
      messages,
      duplicates,
      heads: new Map(heads.map((head) => [head.slug, Number(head.lastSeq)])),
    };
  } finally {
    await new Promise((done) => db.close(done));
  }
}
