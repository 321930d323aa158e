import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root, whatever the current directory. */
export const REPO_ROOT = resolve(__dirname, '..', '..');
/** The production server, as `npm run build` leaves it. */
export const SERVER_ENTRY = join(REPO_ROOT, 'dist', 'server', 'main.js');

const HOST = '127.0.0.1';
/** The server reads these; the runner's own values must not leak into a test server. */
const APP_VARIABLES = [
  'PORT',
  'HOST',
  'DATA_DIR',
  'CLIENT_DIR',
  'NODE_ENV',
  'SESSION_SECRET',
  'TRUST_PROXY',
  'AUTH_RATE_LIMIT',
  'AUTH_RATE_WINDOW_MS',
  'SEND_RATE_LIMIT',
  'SEND_RATE_WINDOW_MS',
  'DATABASE_URL',
  'REDIS_URL',
  'REDIS_PREFIX',
  'LOG_REQUESTS',
];
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * A port nobody listens on right now, found synchronously (the config needs it while it
 * loads, before any async code can run): a child process binds port 0 and reports it.
 */
export function freePortSync(): number {
  const script = `const s=require('node:net').createServer();s.listen(0,${JSON.stringify(HOST)},()=>{process.stdout.write(String(s.address().port));s.close();});`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  const port = Number(result.stdout);
  if (result.status !== 0 || !Number.isInteger(port) || port <= 0) {
    throw new Error(`Could not find a free port: ${result.stderr || result.stdout}`);
  }
  return port;
}

/** The same, asynchronously, for tests that start their own server. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolvePort(address.port)
          : reject(new Error('No port')),
      );
    });
  });
}

/** A fresh, empty data folder under the system's temporary directory. */
export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'chat-e2e-'));
}

export interface ServerOptions {
  /** Default: a free port. */
  port?: number;
  /** Default: a fresh temporary folder, deleted by `dispose()`. */
  dataDir?: string;
  /** Extra environment for the server (overrides the defaults below). */
  env?: Record<string, string>;
}

export interface ChatServer {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** True between a successful start and the end of `stop()`. */
  readonly running: boolean;
  /** SIGTERM (the graceful shutdown), then SIGKILL if it does not exit in time. */
  stop(): Promise<void>;
  /** Starts the server again on the same port and data folder. */
  restart(): Promise<void>;
  /** Stops the server and deletes its data folder. */
  dispose(): Promise<void>;
}

/**
 * Starts `node dist/server/main.js` in production mode on 127.0.0.1 and resolves once
 * GET /api/health answers 200. The server's output is kept and shown if it fails to start
 * (set E2E_SERVER_LOG=1 to see it as it comes).
 */
export async function startServer(options: ServerOptions = {}): Promise<ChatServer> {
  if (!existsSync(SERVER_ENTRY)) {
    throw new Error(`${SERVER_ENTRY} is missing: run \`npm run build\` first.`);
  }
  const port = options.port ?? (await freePort());
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? makeDataDir();
  const url = `http://${HOST}:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of APP_VARIABLES) delete env[name];
  Object.assign(env, {
    NODE_ENV: 'production',
    HOST,
    PORT: String(port),
    DATA_DIR: dataDir,
    AUTH_RATE_LIMIT: '1000',
    // Tests fill rooms through the API faster than a person types.
    SEND_RATE_LIMIT: '1000',
    NO_COLOR: '1',
    ...options.env,
  });

  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill('SIGKILL');

  async function start(): Promise<void> {
    const output: string[] = [];
    const spawned = spawn(process.execPath, [SERVER_ENTRY], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = spawned;
    process.once('exit', killOnExit);
    const keep = (chunk: Buffer) => {
      const text = chunk.toString();
      output.push(text);
      if (output.length > 200) output.shift();
      if (process.env.E2E_SERVER_LOG) process.stderr.write(`[server ${port}] ${text}`);
    };
    spawned.stdout?.on('data', keep);
    spawned.stderr?.on('data', keep);
    const exited = new Promise<never>((_, reject) =>
      spawned.once('exit', (code, signal) =>
        reject(
          new Error(
            `The server on port ${port} exited (${signal ?? code}) before it was ready:\n${output.join('')}`,
          ),
        ),
      ),
    );
    exited.catch(() => undefined); // only awaited while starting
    const alive = () => spawned.exitCode === null && spawned.signalCode === null;
    try {
      await Promise.race([waitForHealth(url, alive), exited]);
    } catch (error) {
      spawned.kill('SIGKILL');
      child = undefined;
      process.removeListener('exit', killOnExit);
      throw error;
    }
  }

  async function stop(): Promise<void> {
    const current = child;
    child = undefined;
    process.removeListener('exit', killOnExit);
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise<void>((done) => current.once('exit', () => done()));
    current.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((done) => {
      timer = setTimeout(() => done('late'), STOP_TIMEOUT_MS);
    });
    if ((await Promise.race([exited, late])) === 'late') {
      current.kill('SIGKILL');
      await exited;
    }
    clearTimeout(timer);
  }

  try {
    await start();
  } catch (error) {
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    port,
    dataDir,
    get running() {
      return child !== undefined;
    },
    stop,
    async restart() {
      await stop();
      await start();
    },
    async dispose() {
      await stop();
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls GET /api/health until it answers 200 (or the process is gone). */
async function waitForHealth(url: string, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline && alive()) {
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${url}/api/health did not answer 200 within ${START_TIMEOUT_MS} ms (${last})`);
}
