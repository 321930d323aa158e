// `npm run bench`: measures the poll path (GET /api/rooms/:slug/messages?after=ID)
// of the production server. See bench/results/README.md for the latest figures.
// --postgres and --instances N measure the same scenarios on PostgreSQL, and through
// nginx in front of N instances (PostgreSQL and Redis), beside SQLite's.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { crashScenario } from './lib/crash-exactly-once.mjs';
import { redisServer } from './lib/cluster.mjs';
import { failed, measureTarget, ratio } from './lib/measure-target.mjs';
import { pollCapacity } from './lib/poll-capacity.mjs';
import { postgresServer } from './lib/postgres.mjs';
import { measurePostgres } from './lib/postgres-runs.mjs';
import { insertHistory, seed } from './lib/seed.mjs';
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
    /** The same poll, sync and room-pages scenarios on PostgreSQL too (BENCH_POSTGRES_URL). */
    postgres: { type: 'boolean', default: false },
    /** And through nginx in front of N instances on PostgreSQL and Redis (BENCH_REDIS_URL). */
    instances: { type: 'string' },
  },
});
const instances = args.instances === undefined ? 0 : Number(args.instances);
if (args.instances !== undefined && !(Number.isInteger(instances) && instances >= 2)) {
  console.error(`[bench] --instances must be a whole number, 2 or more (got ${args.instances})`);
  process.exit(2);
}
const onPostgres = args.postgres || instances >= 2;
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

// The services first, so that a missing one fails the run before the SQLite part.
const postgres = onPostgres ? await required(postgresServer) : null;
const redis = instances >= 2 ? await required(redisServer) : null;
async function required(service) {
  try {
    return await service();
  } catch (error) {
    console.error(`[bench] ${error.message}`);
    process.exit(1);
  }
}

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
  // Both cookies, as a browser sends them: the session and its XSRF-TOKEN.
  const cookies = clients.map((client) => client.cookieHeader);
  const { small, big, sync, pages, smallLastId } = await measureTarget({
    server,
    admin,
    clients,
    settings,
    scenarios,
    log,
  });
  const floorAfter = smallLastId;
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

  // 4. PostgreSQL: one server, then N instances behind nginx, each on a copy of one
  // database seeded as above.
  const pg = onPostgres
    ? await measurePostgres({
        postgresUrl: postgres.url,
        redis,
        instances,
        serverScript,
        settings,
        scenarios,
        core: SERVER_CORE,
        workDir: join(dataDir, 'postgres'),
        log,
      })
    : null;
  const onFloors = (target) => ({
    pollShareOfFloor: floor && ratio(target.small.requestsPerSecond, floor.requestsPerSecond),
    pollShareOfExpressFloor:
      expressFloor && ratio(target.small.requestsPerSecond, expressFloor.requestsPerSecond),
    syncShareOfFloor:
      floor &&
      target.sync &&
      ratio(target.sync.thousand.requestsPerSecond, floor.requestsPerSecond),
    syncShareOfExpressFloor:
      expressFloor &&
      target.sync &&
      ratio(target.sync.thousand.requestsPerSecond, expressFloor.requestsPerSecond),
  });
  const engineFigures = (target, description) =>
    target && {
      description,
      pollCapacity: target.small,
      history: target.big && {
        million: target.big,
        ratio: ratio(target.big.requestsPerSecond, target.small.requestsPerSecond),
      },
      sync: target.sync,
      roomPages: target.pages,
      // The floors run on SQLite: these are shares of the same SQLite floors.
      ...onFloors(target),
    };

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
    settings: {
      ...settings,
      ...(onPostgres && { postgres: true }),
      ...(instances && { instances }),
    },
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
    postgres:
      pg &&
      engineFigures(
        pg.single,
        `one server on PostgreSQL ${postgres.version}, no Redis; server on core ${SERVER_CORE}, ` +
          'PostgreSQL unpinned',
      ),
    cluster:
      pg?.cluster &&
      engineFigures(
        pg.cluster,
        `${instances} instances + nginx, all on core ${SERVER_CORE} (they share the machine's ` +
          'cores: this measures the extra hop and the shared stores, not scale-out), on ' +
          'PostgreSQL and Redis (both unpinned)',
      ),
  };
  print(results);
  printEngines(results);
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
  const otherEnginesFailed = [pg?.single, pg?.cluster].some((target) => target && failed(target));
  if (failedRequests || pagesFailed || otherEnginesFailed) {
    console.error('[bench] requests failed or pages missed messages: see the figures above');
    process.exitCode = 1;
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  await redis?.close();
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
    ...(onPostgres && { pg: version('pg'), 'PostgreSQL server': postgres.version }),
    ...(redis && { ioredis: version('ioredis'), nginx: nginxVersion() }),
  };
}

function nginxVersion() {
  const { stderr } = spawnSync('nginx', ['-v'], { encoding: 'utf8' });
  return /nginx\/(\S+)/.exec(stderr)?.[1] ?? 'unknown';
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

/** SQLite, PostgreSQL and the cluster side by side. */
function printEngines(results) {
  const { postgres, cluster } = results;
  if (!postgres) return;
  const sqlite = {
    pollCapacity: results.pollCapacity,
    history: results.history,
    sync: results.sync,
    roomPages: results.roomPages,
    pollShareOfFloor: results.floor?.projectShareOfFloor,
    pollShareOfExpressFloor: results.expressFloor?.projectShareOfExpressFloor,
    syncShareOfFloor: results.sync?.shareOfFloor,
    syncShareOfExpressFloor: results.sync?.shareOfExpressFloor,
  };
  const columns = [
    ['SQLite', sqlite],
    ['PostgreSQL', postgres],
    ...(cluster ? [[`${results.settings.instances} instances`, cluster]] : []),
  ];
  // A row that no column has (nginx, Redis without a cluster) is left out.
  const row = (name, figure) => {
    const values = columns.map(([, target]) => figure(target));
    if (values.every((value) => value === undefined || value === null)) return;
    console.log(
      `  ${name.padEnd(40)} ${values.map((value) => String(value ?? '-').padStart(18)).join('')}`,
    );
  };
  const cpu = (run) => {
    if (!run) return null;
    const stores = run.storeCpuMsPerRequest ?? {};
    const total = run.serverCpuMsPerRequest + (stores.database ?? 0) + (stores.redis ?? 0);
    return Math.round(total * 100) / 100;
  };
  const capacityRows = (label, pick) => {
    row(`${label}: requests/s`, (t) => pick(t)?.requestsPerSecond);
    row(
      '  latency p50 / p99 (ms)',
      (t) => pick(t) && `${pick(t).latencyMs.p50} / ${pick(t).latencyMs.p99}`,
    );
    row('  CPU ms/request: server(s)', (t) => pick(t)?.serverCpuMsPerRequest);
    row('    of which nginx', (t) => pick(t)?.nginxCpuMsPerRequest);
    row('    PostgreSQL backends', (t) => pick(t)?.storeCpuMsPerRequest?.database);
    row('    Redis (whole server)', (t) => pick(t)?.storeCpuMsPerRequest?.redis);
    row('    total', (t) => cpu(pick(t)));
    row('  non-2xx / errors', (t) => pick(t) && `${pick(t).non2xx} / ${pick(t).errors}`);
  };
  console.log(
    `\nSQLite vs PostgreSQL${cluster ? ` vs ${results.settings.instances} instances behind nginx` : ''}`,
  );
  console.log(`  PostgreSQL: ${postgres.description}`);
  if (cluster) {
    console.log(`  Cluster: ${cluster.description}`);
    console.log(
      `  The instances share this machine's ${results.machine.cores} cores (and PostgreSQL, Redis ` +
        'and the load generator too): the cluster figures are the cost of the extra hop and ' +
        'the shared stores, not what more machines would add.',
    );
  }
  console.log(`  ${''.padEnd(40)} ${columns.map(([name]) => name.padStart(18)).join('')}`);
  capacityRows('empty ?after= poll, 1k', (t) => t.pollCapacity);
  if (sqlite.history) capacityRows('empty ?after= poll, 1M', (t) => t.history?.million);
  if (sqlite.sync) {
    capacityRows('sync, nothing new, 1k, 2 rooms', (t) => t.sync?.thousand);
    capacityRows('sync, nothing new, 1M, 2 rooms', (t) => t.sync?.million);
    capacityRows('sync, nothing new, 1k, 100 rooms', (t) => t.sync?.hundredRooms);
  }
  if (sqlite.pollShareOfFloor !== undefined) {
    console.log('  shares of the floors (the floors run on SQLite, one process)');
    row(
      '  poll ÷ node:http / ÷ Express floor',
      (t) => `${t.pollShareOfFloor} / ${t.pollShareOfExpressFloor}`,
    );
    if (sqlite.sync) {
      row(
        '  sync ÷ node:http / ÷ Express floor',
        (t) => `${t.syncShareOfFloor} / ${t.syncShareOfExpressFloor}`,
      );
    }
  }
  if (sqlite.roomPages) {
    const pages = (t) => t.roomPages;
    console.log(`  room pages on sync (${sqlite.roomPages.pages} pages)`);
    row(
      '  syncs/s achieved / expected',
      (t) => pages(t) && `${pages(t).pollsPerSecond} / ${pages(t).expectedPollsPerSecond}`,
    );
    row(
      '  sync latency p50 / p99 (ms)',
      (t) => pages(t) && `${pages(t).pollLatencyMs.p50} / ${pages(t).pollLatencyMs.p99}`,
    );
    row(
      '  delivery p50 / p99 (ms)',
      (t) => pages(t) && `${pages(t).deliveryMs.p50} / ${pages(t).deliveryMs.p99}`,
    );
    row('  every page saw every change', (t) => pages(t)?.everyPageSawEveryChangeOnceInOrder);
    row('  CPU ms/sync (writes incl.): server(s)', (t) => pages(t)?.serverCpuMsPerRequest);
    row('    PostgreSQL backends', (t) => pages(t)?.storeCpuMsPerRequest?.database);
    row('    Redis (whole server)', (t) => pages(t)?.storeCpuMsPerRequest?.redis);
    row('    total', (t) => cpu(pages(t)));
  }
}
