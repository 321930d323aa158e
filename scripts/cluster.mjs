// `npm run cluster -- --instances 3 [--port 8080]`: several instances of the app on
// one machine, on PostgreSQL (DATABASE_URL) and Redis (REDIS_URL), with nginx in
// front on one port. Ctrl+C stops them all. See the README, "Several instances".
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startCluster } from './cluster/start-cluster.mjs';

const { values } = parseArgs({
  options: {
    instances: { type: 'string', default: '3' },
    port: { type: 'string', default: '8080' },
  },
});
const instances = Number(values.instances);
const port = Number(values.port);
if (!Number.isInteger(instances) || instances < 1 || instances > 16) {
  fail('--instances must be a whole number from 1 to 16');
}
if (!Number.isInteger(port) || port < 1 || port > 65535) fail('--port must be a port number');
for (const name of ['DATABASE_URL', 'REDIS_URL']) {
  if (!process.env[name]) {
    fail(
      `${name} is not set. For example:\n` +
        '  DATABASE_URL=postgres://127.0.0.1:5432/chat REDIS_URL=redis://127.0.0.1:6379 ' +
        'npm run cluster -- --instances 3',
    );
  }
}
if (!commandExists('nginx')) fail('nginx is not installed (Debian: apt-get install nginx)');

const root = join(import.meta.dirname, '..');
execFileSync(process.execPath, [join(root, 'scripts/build-if-stale.mjs')], { stdio: 'inherit' });

const dataDir = resolve(process.env.DATA_DIR ?? join(root, 'data'));
const cluster = await startCluster({
  instances,
  port,
  env: { SESSION_SECRET: process.env.SESSION_SECRET ?? machineSecret(dataDir) },
  workDir: join(dataDir, 'cluster'),
  output: 'inherit',
});
console.log(
  `\nChat is on ${cluster.url}: nginx in front of ${instances} instances ` +
    `(${cluster.apps.map((app) => app.port).join(', ')}). Ctrl+C stops them.`,
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    void cluster.stop().then(() => process.exit(0));
  });
}
for (const child of [cluster.nginx, ...cluster.apps.map((app) => app.process)]) {
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`A process of the cluster ended (${signal ?? code}): stopping the others`);
    stopping = true;
    void cluster.stop().then(() => process.exit(1));
  });
}

/**
 * The instances all run here, so one secret kept in the data folder (as a single
 * instance keeps its own) keeps everyone logged in across restarts of the cluster.
 */
function machineSecret(dir) {
  const file = join(dir, 'cluster-session-secret');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(48).toString('base64url'), { flag: 'wx', mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

function commandExists(command) {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function fail(message) {
  console.error(message);
  process.exit(1);
}
