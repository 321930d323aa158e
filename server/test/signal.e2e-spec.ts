import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Message } from '../src/messages/message.entity';
import { ApiClient } from './helpers/api-client';
import { dropPostgresDatabase } from './helpers/postgres-databases';
import { after, clientHeaders, RawConnection, requestText } from './helpers/raw-http';
import { inProcess, testTarget } from './helpers/test-target';
import { databaseEnv, makeDataDir, startTestApp, stopTestApp, TestApp } from './helpers/test-app';

const SHUTDOWN_TIMEOUT_MS = 1500;

/**
 * The production entry point (server/src/main.ts) in a process of its own,
 * compiled on load by SWC (see helpers/swc-register.cjs); resolves with its URL
 * once it listens.
 */
function startServerProcess(
  dataDir: string,
  databaseEnv: Record<string, string>,
): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(
    process.execPath,
    ['-r', resolve(__dirname, 'helpers/swc-register.cjs'), resolve(__dirname, '../src/main.ts')],
    {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        NO_COLOR: '1',
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: dataDir,
        CLIENT_DIR: join(dataDir, 'no-client'),
        SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
        ...databaseEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = new Promise<string>((resolveUrl, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolveUrl(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) =>
      reject(new Error(`The server exited (${code ?? signal}) before listening:\n${output}`)),
    );
  });
  return { child, url };
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolveExit) =>
    child.once('exit', (code, signal) => resolveExit({ code, signal })),
  );
}

// Its server is a process of its own on the test's database; in the cluster run an
// instance's SIGTERM is multi-instance.e2e-spec.ts's.
describe.skipIf(!inProcess)('SIGTERM to the server process', () => {
  const dataDir = makeDataDir();
  let child: ChildProcess;
  let url: string;
  let restarted: TestApp | undefined;
  const connections: RawConnection[] = [];

  beforeAll(async () => {
    const started = startServerProcess(dataDir, await databaseEnv(dataDir));
    child = started.child;
    url = await started.url;
  });
  afterAll(async () => {
    connections.forEach((connection) => connection.close());
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await stopTestApp(restarted);
    rmSync(dataDir, { recursive: true, force: true });
    if (testTarget !== 'sqlite') await dropPostgresDatabase(dataDir);
  });

  async function open(): Promise<RawConnection> {
    const connection = await RawConnection.open(url);
    connections.push(connection);
    return connection;
  }

  it('drains and exits within the deadline, answering what it received and closing the database', async () => {
    const admin = new ApiClient(url);
    expect((await admin.signup('admin')).status).toBe(201);
    expect((await admin.post('/api/rooms', { name: 'General' })).status).toBe(201);

    // An idle keep-alive connection, a request whose body is still arriving, and one
    // whose headers never will.
    const idle = await open();
    idle.write(requestText('GET', '/api/health'));
    expect((await idle.response())?.status).toBe(200);
    const post = await open();
    const text = requestText('POST', '/api/rooms/general/messages', {
      headers: clientHeaders(admin),
      body: { content: 'finished during the drain' },
    });
    post.write(text.slice(0, -5));
    const stalled = await open();
    stalled.write('GET /api/health HTTP/1.1\r\n');
    // A round trip on a connection opened after them: the server has read their bytes.
    const barrier = await open();
    barrier.write(requestText('GET', '/api/health'));
    expect((await barrier.response())?.status).toBe(200);

    const exited = exitOf(child);
    child.kill('SIGTERM');
    // The drain began: the idle connections are closed, and no new one is accepted.
    await Promise.all([idle.closed, barrier.closed]);
    // A new connection is refused (or, caught in the listener's last instant, reset unanswered).
    const late = await RawConnection.open(url).catch(() => undefined);
    if (late) {
      connections.push(late);
      late.write(requestText('GET', '/api/health'));
      expect(await late.response()).toBeUndefined();
    }

    post.write(text.slice(-5));
    const posted = await post.response();
    expect(posted?.status).toBe(201);
    expect(posted?.headers.connection).toBe('close');

    // The stalled connection is cut at the deadline (1.5 s); the margin is generous.
    const exit = await Promise.race([exited, after(10_000, 'still running')]);
    expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(stalled.isOpen).toBe(false);
    expect(stalled.pendingBytes).toBe(0);

    // SQLite removes the write-ahead log when its last connection closes cleanly.
    if (testTarget === 'sqlite') expect(existsSync(join(dataDir, 'chat.sqlite-wal'))).toBe(false);
    restarted = await startTestApp({ dataDir });
    const stored = await restarted.dataSource.getRepository(Message).find();
    expect(stored.map((message) => message.content)).toEqual(['finished during the drain']);
  });
});
