import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDataDir, ensurePrivateFile } from './data-dir';

const FILE_NAME = 'session-secret';

/**
 * The configured secret, or one generated on first start and kept in the data
 * folder (mode 600), so that restarts keep everyone logged in with no set-up.
 */
export function resolveSessionSecret(dataDir: string, configured?: string): string {
  if (configured) return configured;
  ensureDataDir(dataDir);
  const file = join(dataDir, FILE_NAME);
  try {
    // 'wx' fails if the file exists, so two processes starting at once agree on one secret.
    writeFileSync(file, randomBytes(48).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  ensurePrivateFile(file);
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) {
    throw new Error(
      `${file} holds a secret shorter than 32 characters; delete it to generate a new one`,
    );
  }
  return secret;
}
