import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient } from './helpers/api-client';
import { startTestApp, stopTestApp } from './helpers/test-app';
import { testTarget } from './helpers/test-target';

/** Permission bits, as `ls -l` would show them in octal. */
const modeOf = (path: string) => statSync(path).mode & 0o777;

// The files are SQLite's and the generated secret's: on PostgreSQL there are none.
describe.skipIf(testTarget !== 'sqlite')(
  'the data folder and its files (password hashes, sessions, the session secret)',
  () => {
    const parent = mkdtempSync(join(tmpdir(), 'chat-files-'));
    afterAll(() => rmSync(parent, { recursive: true, force: true }));

    it('are readable by their owner only when the server creates them, whatever the umask', async () => {
      const dataDir = join(parent, 'fresh', 'data');
      const umask = process.umask(0o002); // group- and world-readable by default
      const testApp = await startTestApp({ dataDir }).finally(() => process.umask(umask));
      try {
        // A write, so that SQLite has made its -wal and -shm files.
        expect((await new ApiClient(testApp.url).signup('owner')).status).toBe(201);
        expect(modeOf(dataDir)).toBe(0o700);
        for (const file of [
          'chat.sqlite',
          'chat.sqlite-wal',
          'chat.sqlite-shm',
          'session-secret',
        ]) {
          expect(existsSync(join(dataDir, file))).toBe(true);
          expect({ file, mode: modeOf(join(dataDir, file)).toString(8) }).toEqual({
            file,
            mode: '600',
          });
        }
      } finally {
        await stopTestApp(testApp);
      }
    });

    it('are tightened to 600 when an earlier version left them readable by others', async () => {
      const dataDir = join(parent, 'older');
      const first = await startTestApp({ dataDir });
      await first.close();
      chmodSync(join(dataDir, 'chat.sqlite'), 0o644);
      chmodSync(join(dataDir, 'session-secret'), 0o644);
      const again = await startTestApp({ dataDir });
      try {
        expect(modeOf(join(dataDir, 'chat.sqlite'))).toBe(0o600);
        expect(modeOf(join(dataDir, 'session-secret'))).toBe(0o600);
      } finally {
        await stopTestApp(again);
      }
    });

    it('leave a folder the operator made as they made it', async () => {
      const dataDir = join(parent, 'operator');
      const testApp = await startTestApp({ dataDir: mkdirWithMode(dataDir, 0o750) });
      try {
        expect(modeOf(dataDir)).toBe(0o750);
        expect(modeOf(join(dataDir, 'chat.sqlite'))).toBe(0o600);
      } finally {
        await stopTestApp(testApp);
      }
    });
  },
);

function mkdirWithMode(dir: string, mode: number): string {
  mkdirSync(dir);
  chmodSync(dir, mode);
  return dir;
}
