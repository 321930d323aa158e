// N app instances on one machine behind Debian's nginx, on PostgreSQL and Redis:
// for `npm run cluster` and for the test suites that run through several instances.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { nginxConfig } from './nginx-config.mjs';

const root = join(import.meta.dirname, '../..');

/**
 * Starts the instances (the built server, dist/server/main.js) and nginx, and
 * resolves once nginx and every instance answer. `env` is given to every
 * instance: DATABASE_URL, REDIS_URL and SESSION_SECRET at least.
 */
export async function startCluster({ instances = 2, port = 0, env, workDir, output = 'ignore' }) {
  mkdirSync(workDir, { recursive: true });
  const started = [];
  // Whatever way this process ends, nothing it started is left running.
  const killAll = () => started.forEach((child) => child.kill('SIGKILL'));
  process.once('exit', killAll);
  const stopAll = async () => {
    await Promise.all(started.map((child) => stopProcess(child)));
    process.removeListener('exit', killAll);
  };
  try {
    const ports = await Promise.all(Array.from({ length: instances }, () => freePort()));
    const apps = ports.map((appPort, index) => {
      const child = spawn(process.execPath, [join(root, 'dist/server/main.js')], {
        env: {
          ...process.env,
          NODE_ENV: 'production',
          // Above nginx's idle time for the upstream connections it keeps (60 s), so that
          // nginx never sends on a connection an instance is closing.
          HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000',
          ...env,
          HOST: '127.0.0.1',
          PORT: String(appPort),
          // nginx on loopback is the one proxy: its X-Forwarded-For names the client.
          TRUST_PROXY: 'loopback',
          DATA_DIR: join(workDir, `instance-${index + 1}`),
        },
        stdio: ['ignore', output, output],
      });
      started.push(child);
      return { url: `http://127.0.0.1:${appPort}`, port: appPort, process: child };
    });
    await Promise.all(apps.map((app) => untilAnswers(`${app.url}/api/health`, app.process)));

    const listenPort = port || (await freePort());
    const configFile = join(workDir, 'nginx.conf');
    writeFileSync(configFile, nginxConfig({ listenPort, upstreams: ports, workDir }));
    const nginx = spawn(
      'nginx',
      ['-c', configFile, '-p', workDir, '-e', join(workDir, 'nginx-error.log')],
      { stdio: ['ignore', output, output] },
    );
    started.push(nginx);
    const url = `http://127.0.0.1:${listenPort}`;
    await untilAnswers(`${url}/api/health`, nginx);
    return { url, apps, nginx, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** SIGTERM, as a supervisor sends it, and after 15 s SIGKILL. */
export function stopProcess(child, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill(signal);
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 200, failing if `child` exits first or after 60 s. */
async function untilAnswers(url, child) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: its process exited (${child.exitCode})`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within 60 s`);
}
