import { mkdtempSync, readFileSync, rmSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveSessionSecret } from './session-secret';

describe('resolveSessionSecret', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'chat-secret-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('generates a long secret once, in <dataDir>/session-secret with mode 600', () => {
    const dataDir = join(root, 'nested', 'data');
    const secret = resolveSessionSecret(dataDir);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    const file = join(dataDir, 'session-secret');
    expect(readFileSync(file, 'utf8')).toBe(secret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('reuses the stored secret on later calls', () => {
    const first = resolveSessionSecret(root);
    expect(resolveSessionSecret(root)).toBe(first);
    expect(resolveSessionSecret(root)).toBe(first);
    expect(readFileSync(join(root, 'session-secret'), 'utf8')).toBe(first);
  });

  it('generates a different secret for another data folder', () => {
    const other = join(root, 'other');
    expect(resolveSessionSecret(other)).not.toBe(resolveSessionSecret(root));
  });

  it('prefers a configured secret, and then writes no file', () => {
    const configured = 'c'.repeat(40);
    expect(resolveSessionSecret(root, configured)).toBe(configured);
    expect(existsSync(join(root, 'session-secret'))).toBe(false);
  });

  it('prefers a configured secret over an existing file, and leaves the file alone', () => {
    const stored = resolveSessionSecret(root);
    const configured = 'c'.repeat(40);
    expect(resolveSessionSecret(root, configured)).toBe(configured);
    expect(readFileSync(join(root, 'session-secret'), 'utf8')).toBe(stored);
  });

  it('reads a secret someone put in the file, trimmed', () => {
    const secret = 'k'.repeat(40);
    writeFileSync(join(root, 'session-secret'), `${secret}\n`, { mode: 0o600 });
    expect(resolveSessionSecret(root)).toBe(secret);
  });

  it('refuses a stored secret shorter than 32 characters', () => {
    writeFileSync(join(root, 'session-secret'), 'short\n', { mode: 0o600 });
    expect(() => resolveSessionSecret(root)).toThrow(/shorter than 32/);
  });
});
