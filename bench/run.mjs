// `npm run bench`: measures the poll path (GET /api/rooms/:slug/messages?after=ID)
// of the production server. See bench/results/README.md for the latest figures.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { crashScenario } from './lib/crash-exactly-once.mjs';
import { pollCapacity } from './lib/poll-capacity.mjs';
import { roomPages } from './lib/room-pages.mjs';
import { insertHistory, seed } from './lib/seed.mjs';
import { openTabs, syncCapacity } from './lib/sync-capacity.mjs';
import { hasTaskset, pinSelf, root, startProcess } from './lib/server.mjs';

const { values: args } = parseArgs({
  options: {
    pages: { type: 'string', default: '2000' },
    sessions: { type: 'string', default: '1000' },
    users: { type: 'string', default: '50' },
    history: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string', default: '100' },
    'send-rate': { type: 'string', default: '5' },
    smoke: { type: 'boolean', default: false },
    /** Another build of the server to measure (e.g. an earlier commit's, for before/after). */
    server: { type: 'string' },
    /** Extra flags for the server's node, e.g. "--max-semi-space-size=8". */
    'node-args': { type: 'string', default: '' },
    /** Comma-separated subset of: poll-capacity,history,sync,room-pages,floor,crash. */
    scenarios: { type: 'string', default: 'poll-capacity,history,sync,room-pages,floor,crash' },
    profile: { type: 'boolean', default: false },
  },
});
const settings = args.smoke
  ? {
      pages: 40,
      sessions: 12,
      users: 3,
      history: 2000,
      seconds: 2,
      warmup: 1,
      connections: 10,
      sendRate: 5,
    }
  : {
      pages: Number(args.pages),
      sessions: Number(args.sessions),
      users: Number(args.users),
      history: Number(args.history),
      seconds: Number(args.seconds),
      warmup: Number(args.warmup),
      connections: Number(args.connections),
      sendRate: Number(args['send-rate']),
    };

const scenarios = new Set(args.scenarios.split(','));
const log = (text) => console.log(`[bench] ${text}`);
const SERVER_CORE = 0;
const LOAD_CORE = 1;

execFileSync(process.execPath, [join(root, 'scripts/build-if-stale.mjs')], { stdio: 'inherit' });

// Exactly-once sending under SIGKILLs: its own data and servers (it kills them), so it
// runs first, and alone when it is the only scenario asked for. A broken invariant fails the run.
const crash = scenarios.has('crash')
  ? await crashScenario({
      serverScript: args.server ?? join(root, 'dist/server/main.js'),
      smoke: args.smoke,
      log,
    })
  : null;
if (crash && !crash.ok) process.exitCode = 1;
if (crash && scenarios.size === 1) process.exit();

const dataDir = mkdtempSync(join(tmpdir(), 'chat-bench-'));
const serverEnv = {
  DATA_DIR: dataDir,
  AUTH_RATE_LIMIT: '1000000',
  CLIENT_DIR: join(dataDir, 'no-client'),
};
const serverScript = args.server ?? join(root, 'dist/server/main.js');

try {
  // 1. Data, through the real API (on both cores: a thousand scrypt logins take a while).
  log(`seeding: ${settings.users} users, ${settings.sessions} sessions, 2 rooms`);
  let server = await startProcess({ script: serverScript, env: serverEnv, label: 'server' });
  const { admin, clients, rooms } = await seed(server.url, settings);
  await server.stop();
  log(
    `history: ${settings.history} messages in "big", ${Math.min(1000, settings.history)} in "small"`,
  );
  await insertHistory(join(dataDir, 'chat.sqlite'), {
    roomId: rooms.small.id,
    userId: 1,
    count: Math.min(1000, settings.history),
  });
  await insertHistory(join(dataDir, 'chat.sqlite'), {
    roomId: rooms.big.id,
    userId: 1,
    count: settings.history,
  });

  // 2. The project's server on one core, the load on the other; sessions survive the restart.
  pinSelf(LOAD_CORE);
  const profileDir = join(root, 'bench/results/profiles');
  if (args.profile) mkdirSync(profileDir, { recursive: true });
  server = await startProcess({
    script: serverScript,
    env: serverEnv,
    core: SERVER_CORE,
    label: 'server',
    nodeArgs: [
      ...args['node-args'].split(' ').filter(Boolean),
      ...(args.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ],
  });
  admin.url = server.url;
  const lastId = async (slug) =>
    (await admin.request('GET', `/api/rooms/${slug}/messages?limit=1`)).body.messages.at(-1)?.id ??
    0;
  // Both cookies, as a browser sends them: the session and its XSRF-TOKEN.
  const cookies = clients.map((client) => client.cookieHeader);
  const capacity = (slug, after) =>
    pollCapacity({
      server,
      path: `/api/rooms/${slug}/messages?after=${after}`,
      cookies,
      connections: settings.connections,
      warmupSeconds: settings.warmup,
      seconds: settings.seconds,
    });

  log('poll-capacity (and history, 1k messages)');
  const small = await capacity('small', await lastId('small'));
  const big = scenarios.has('history')
    ? (log('history (1M messages)'), await capacity('big', await lastId('big')))
    : null;
  const sync = scenarios.has('sync') ? await measureSync() : null;
  // Syncs with nothing new, each tab with its own session and cursor: in the 1k and the
  // 1M room with the 2 rooms seeded, then in the 1k room with 100 rooms.
  async function measureSync() {
    for (const client of clients) client.url = server.url;
    const measure = async (slug) =>
      syncCapacity({
        server,
        tabs: await openTabs(clients, slug),
        connections: settings.connections,
        warmupSeconds: settings.warmup,
        seconds: settings.seconds,
      });
    log('sync: nothing new, 1k messages, 2 rooms');
    const thousand = await measure('small');
    log('sync: nothing new, 1M messages, 2 rooms');
    const million = await measure('big');
    for (let i = 3; i <= 100; i += 1) {
      await admin.request('POST', '/api/rooms', { name: `Room ${i}`, slug: `room-${i}` });
    }
    log('sync: nothing new, 1k messages, 100 rooms');
    const hundredRooms = await measure('small');
    return {
      thousand,
      million,
      hundredRooms,
      millionRatio: ratio(million.requestsPerSecond, thousand.requestsPerSecond),
      hundredRoomsRatio: ratio(hundredRooms.requestsPerSecond, thousand.requestsPerSecond),
      shareOfEmptyPoll: ratio(thousand.requestsPerSecond, small.requestsPerSecond),
    };
  }
  const pages = scenarios.has('room-pages')
    ? (log(`room-pages: ${settings.pages} pages`),
      await roomPages({
        server,
        slug: 'small',
        sessions: clients,
        senders: clients.slice(0, 5),
        pages: settings.pages,
        seconds: Math.max(settings.seconds, 3),
        sendRate: settings.sendRate,
      }))
    : null;
  const floorAfter = await lastId('small');
  await server.stop();

  // 3. The floors: the same requests on the same database against plain node:http,
  // then against Express and express-session alone (no Nest, passport or validation).
  const floor = scenarios.has('floor') ? await measureFloor('bench/floor-server.mjs') : null;
  const expressFloor = scenarios.has('floor')
    ? await measureFloor('bench/express-floor-server.mjs')
    : null;
  async function measureFloor(script) {
    log(`floor: ${script}`);
    const floorServer = await startProcess({
      script: join(root, script),
      env: serverEnv,
      core: SERVER_CORE,
      label: script,
    });
    const figures = await pollCapacity({
      server: floorServer,
      path: `/api/rooms/small/messages?after=${floorAfter}`,
      cookies,
      connections: settings.connections,
      warmupSeconds: settings.warmup,
      seconds: settings.seconds,
    });
    await floorServer.stop();
    return figures;
  }

  const results = {
    date: new Date().toISOString(),
    machine: {
      cores: cpus().length,
      cpu: cpus()[0]?.model,
      pinned: hasTaskset
        ? `server on core ${SERVER_CORE}, load on core ${LOAD_CORE} (taskset)`
        : 'not pinned (no taskset)',
    },
    versions: versions(),
    settings,
    server: serverScript,
    pollCapacity: small,
    floor: floor && {
      ...floor,
      projectShareOfFloor: ratio(small.requestsPerSecond, floor.requestsPerSecond),
    },
    expressFloor: expressFloor && {
      ...expressFloor,
      projectShareOfExpressFloor: ratio(small.requestsPerSecond, expressFloor.requestsPerSecond),
    },
    history: big && {
      thousand: small,
      million: big,
      ratio: ratio(big.requestsPerSecond, small.requestsPerSecond),
    },
    sync: sync && {
      ...sync,
      shareOfFloor: floor && ratio(sync.thousand.requestsPerSecond, floor.requestsPerSecond),
      shareOfExpressFloor:
        expressFloor && ratio(sync.thousand.requestsPerSecond, expressFloor.requestsPerSecond),
    },
    roomPages: pages,
    crash,
  };
  print(results);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const file = join(
    root,
    `bench/results/${args.smoke ? 'smoke' : results.date.replace(/[:.]/g, '-')}.json`,
  );
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`figures written to ${file}`);
  // Figures are reported, never judged; but a run whose requests failed is no run.
  const failedRequests = [
    small,
    big,
    floor,
    expressFloor,
    sync?.thousand,
    sync?.million,
    sync?.hundredRooms,
  ].some((run) => run && run.non2xx + run.errors > 0);
  const pagesFailed =
    pages &&
    (pages.errors.polls + pages.errors.writes > 0 || !pages.everyPageSawEveryChangeOnceInOrder);
  if (failedRequests || pagesFailed) {
    console.error('[bench] requests failed or pages missed messages: see the figures above');
    process.exitCode = 1;
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

function ratio(a, b) {
  return b ? Math.round((a / b) * 100) / 100 : null;
}

function versions() {
  const version = (name) =>
    JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  return {
    node: process.version,
    '@nestjs/core': version('@nestjs/core'),
    typeorm: version('typeorm'),
    sqlite3: version('sqlite3'),
    express: version('express'),
    'express-session': version('express-session'),
    autocannon: version('autocannon'),
  };
}

function print(results) {
  const { pollCapacity: cap, floor, expressFloor, history, sync, roomPages: pages } = results;
  const line = (name, value) => console.log(`  ${name.padEnd(34)} ${value}`);
  console.log(
    `\nMachine: ${results.machine.cores} cores (${results.machine.cpu}); ${results.machine.pinned}`,
  );
  console.log(
    `Versions: ${Object.entries(results.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  console.log('\npoll-capacity (empty polls, 1k-message room)');
  line('requests/s', cap.requestsPerSecond);
  line(
    'latency p50 / p99 / max (ms)',
    `${cap.latencyMs.p50} / ${cap.latencyMs.p99} / ${cap.latencyMs.max}`,
  );
  line('non-2xx / errors', `${cap.non2xx} / ${cap.errors}`);
  line('server CPU s / peak RSS MB', `${cap.serverCpuSeconds} / ${cap.serverPeakRssMb}`);
  if (floor) {
    console.log('floor (plain node:http, same driver and queries)');
    line('requests/s', floor.requestsPerSecond);
    line('latency p50 / p99 (ms)', `${floor.latencyMs.p50} / ${floor.latencyMs.p99}`);
    line('project ÷ floor', floor.projectShareOfFloor);
  }
  if (expressFloor) {
    console.log('Express floor (Express + express-session, same session table and queries)');
    line('requests/s', expressFloor.requestsPerSecond);
    line('latency p50 / p99 (ms)', `${expressFloor.latencyMs.p50} / ${expressFloor.latencyMs.p99}`);
    line('project ÷ Express floor', expressFloor.projectShareOfExpressFloor);
  }
  if (history) {
    console.log('history');
    line(
      'requests/s with 1k / 1M messages',
      `${history.thousand.requestsPerSecond} / ${history.million.requestsPerSecond}`,
    );
    line('ratio 1M ÷ 1k', history.ratio);
  }
  if (sync) {
    console.log('sync (nothing new, one session and cursor per tab)');
    for (const [name, run] of [
      ['1k messages, 2 rooms', sync.thousand],
      ['1M messages, 2 rooms', sync.million],
      ['1k messages, 100 rooms', sync.hundredRooms],
    ]) {
      line(
        `${name}: requests/s`,
        `${run.requestsPerSecond} (p50 / p99 ${run.latencyMs.p50} / ${run.latencyMs.p99} ms, ` +
          `${run.bytesPerResponse} B, peak RSS ${run.serverPeakRssMb} MB)`,
      );
    }
    line('ratio 1M ÷ 1k / 100 rooms ÷ 2', `${sync.millionRatio} / ${sync.hundredRoomsRatio}`);
    line('sync ÷ empty ?after= poll', sync.shareOfEmptyPoll);
    line('sync ÷ floor / ÷ Express floor', `${sync.shareOfFloor} / ${sync.shareOfExpressFloor}`);
  }
  if (!pages) return;
  const { writes } = pages;
  console.log(
    `room-pages on sync (${pages.pages} pages; ${writes.sends} sends, ${writes.edits} edits, ` +
      `${writes.deletes} deletes, ${writes.reads} reads, ${writes.typing} typing)`,
  );
  line('polls/s achieved / expected', `${pages.pollsPerSecond} / ${pages.expectedPollsPerSecond}`);
  line('poll latency p50 / p99 (ms)', `${pages.pollLatencyMs.p50} / ${pages.pollLatencyMs.p99}`);
  line(
    'delivery p50 / p99 / max (ms)',
    `${pages.deliveryMs.p50} / ${pages.deliveryMs.p99} / ${pages.deliveryMs.max}`,
  );
  line('errors (syncs / writes)', `${pages.errors.polls} / ${pages.errors.writes}`);
  line('every page saw every change once, in order', pages.everyPageSawEveryChangeOnceInOrder);
  line('server CPU share / peak RSS MB', `${pages.serverCpuShare} / ${pages.serverPeakRssMb}`);
}
