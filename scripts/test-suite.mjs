// The suites that need PostgreSQL, Redis and nginx: run when TEST_POSTGRES_URL
// (and, for the cluster runs, TEST_REDIS_URL) are set, and skipped, saying so,
// when they are not, so that `npm test` passes on a machine without them.
//   node scripts/test-suite.mjs server:postgres   the API suite on PostgreSQL
//   node scripts/test-suite.mjs server:cluster    the API suite through nginx and two instances
//   node scripts/test-suite.mjs e2e:cluster       the browser suite through them
//   node scripts/test-suite.mjs bench             the benchmark's smoke, with --postgres
//                                                  --instances 2 when it can
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const suite = process.argv[2];
const suites = {
  'server:postgres': {
    needs: ['TEST_POSTGRES_URL'],
    env: { CHAT_TEST_TARGET: 'postgres' },
    command: ['vitest', 'run', '--config', 'server/vitest.config.mts', 'test/'],
  },
  'server:cluster': {
    needs: ['TEST_POSTGRES_URL', 'TEST_REDIS_URL', 'nginx'],
    build: true,
    env: { CHAT_TEST_TARGET: 'cluster' },
    // Two spec files at a time: each runs two instances, with 10 database connections each.
    command: ['vitest', 'run', '--config', 'server/vitest.config.mts', '--maxWorkers=2', 'test/'],
  },
  // The benchmark's smoke: on SQLite always, and on PostgreSQL and two instances too
  // when the services are there.
  bench: {
    needs: [],
    optional: ['TEST_POSTGRES_URL', 'TEST_REDIS_URL', 'nginx'],
    env: {
      BENCH_POSTGRES_URL: process.env.TEST_POSTGRES_URL ?? '',
      BENCH_REDIS_URL: process.env.TEST_REDIS_URL ?? '',
    },
    command: ['node', 'bench/run.mjs', '--smoke'],
    withOptional: ['--postgres', '--instances', '2'],
  },
  'e2e:cluster': {
    needs: ['TEST_POSTGRES_URL', 'TEST_REDIS_URL', 'nginx'],
    build: true,
    env: { E2E_CLUSTER: '1' },
    command: ['playwright', 'test', '--config', 'e2e/playwright.config.ts'],
  },
};

const chosen = suites[suite];
if (!chosen) {
  console.error(`Usage: node scripts/test-suite.mjs ${Object.keys(suites).join('|')}`);
  process.exit(2);
}
const absent = (need) =>
  (need === 'nginx' ? hasCommand('nginx') : process.env[need]) ? [] : [need];
const missing = chosen.needs.flatMap(absent);
if (missing.length > 0) {
  console.log(`${suite}: skipped (${missing.map(describe).join(', ')})`);
  process.exit(0);
}
if (chosen.build) {
  execFileSync(process.execPath, [join(root, 'scripts/build-if-stale.mjs')], { stdio: 'inherit' });
}
const [bin, ...args] = chosen.command;
if (chosen.withOptional) {
  const unavailable = chosen.optional.flatMap(absent);
  if (unavailable.length === 0) args.push(...chosen.withOptional);
  else console.log(`${suite}: on SQLite only (${unavailable.map(describe).join(', ')})`);
}
const program = bin === 'node' ? process.execPath : join(root, 'node_modules/.bin', bin);
const result = spawnSync(program, args, {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ...chosen.env },
});
process.exit(result.status ?? 1);

function hasCommand(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function describe(need) {
  return need === 'nginx' ? 'nginx is not installed' : `${need} is not set`;
}
