import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const SCRIPT = resolve(__dirname, '../../scripts/precompress.mjs');

/** Runs scripts/precompress.mjs on `dir` as the build does; returns what it printed. */
function precompress(dir: string): string {
  return execFileSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' });
}

/** Some kilobytes of text that compresses like a bundle does. */
function bundleText(lines: number): string {
  return Array.from(
    { length: lines },
    (_, i) => `export const value${i} = compute(${i}, "x");`,
  ).join('\n');
}

describe('scripts/precompress.mjs', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'chat-precompress-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a valid gzip and brotli file next to each text file worth it, in subfolders too', () => {
    const js = Buffer.from(bundleText(400));
    const css = Buffer.from('.message { white-space: pre-wrap; color: #333; }\n'.repeat(60));
    writeFileSync(file('main-ABCDEF12.js'), js);
    mkdirSync(file('media'));
    writeFileSync(file('media/theme.css'), css);

    const output = precompress(dir);

    for (const [name, original] of [
      ['main-ABCDEF12.js', js],
      ['media/theme.css', css],
    ] as const) {
      const gz = readFileSync(file(`${name}.gz`));
      const br = readFileSync(file(`${name}.br`));
      expect(gunzipSync(gz).equals(original)).toBe(true);
      expect(brotliDecompressSync(br).equals(original)).toBe(true);
      expect(br.length).toBeLessThan(gz.length);
    }
    expect(output.trim()).toMatch(
      /^precompress .+: 2 files, [\d.]+ kB raw, [\d.]+ kB gzip, [\d.]+ kB brotli$/,
    );
  });

  it('skips files under 1 kB, files that would not shrink, and formats that are not text', () => {
    writeFileSync(file('chunk-SMALL123.js'), 'export const a = 1;'.repeat(40)); // 760 bytes
    writeFileSync(file('favicon.ico'), randomBytes(4096)); // does not compress
    writeFileSync(file('main-ABCDEF12.js.map'), bundleText(400));
    writeFileSync(file('photo.png'), Buffer.alloc(8192));

    expect(precompress(dir).trim()).toMatch(/: 0 files, 0\.0 kB raw/);

    for (const name of ['chunk-SMALL123.js', 'favicon.ico', 'main-ABCDEF12.js.map', 'photo.png']) {
      expect(existsSync(file(`${name}.gz`))).toBe(false);
      expect(existsSync(file(`${name}.br`))).toBe(false);
    }
  });

  it('replaces the variants of an earlier run and deletes those no longer worth it', () => {
    writeFileSync(file('main-ABCDEF12.js'), bundleText(400));
    writeFileSync(file('index.html'), '<!doctype html><title>Chat</title>'); // under 1 kB
    writeFileSync(file('main-ABCDEF12.js.gz'), 'stale');
    writeFileSync(file('index.html.br'), 'stale');
    writeFileSync(file('backup.tar.gz'), 'not a variant of a build file');

    precompress(dir);

    expect(gunzipSync(readFileSync(file('main-ABCDEF12.js.gz'))).toString()).toBe(bundleText(400));
    expect(existsSync(file('index.html.br'))).toBe(false);
    expect(readFileSync(file('backup.tar.gz'), 'utf8')).toBe('not a variant of a build file');
  });

  it('fails loudly on a folder that does not exist (the build then fails)', () => {
    expect(() =>
      execFileSync(process.execPath, [SCRIPT, file('missing')], { stdio: 'pipe' }),
    ).toThrow();
  });
});
