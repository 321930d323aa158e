// Writes X.gz and X.br next to each text file of the client build (run after `ng build`),
// so the server sends them as they are instead of compressing on every request.
// `node scripts/precompress.mjs [dir]`; dir defaults to dist/client/browser.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** The build's text formats; source maps (.map) are left out: browsers fetch them only in devtools. */
export const COMPRESSIBLE = new Set([
  '.js',
  '.css',
  '.html',
  '.svg',
  '.json',
  '.txt',
  '.ico',
  '.webmanifest',
]);
/** Below this, a request's headers outweigh what compression would save. */
export const MIN_BYTES = 1024;
/** A variant is kept only if it is at most this fraction of the original. */
const MAX_RATIO = 0.9;

const VARIANTS = [
  { extension: '.gz', compress: promisify(gzip), options: () => ({ level: 9 }) },
  {
    extension: '.br',
    compress: promisify(brotliCompress),
    options: (raw, ext) => ({
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
        [constants.BROTLI_PARAM_MODE]:
          ext === '.ico' ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
      },
    }),
  },
];

async function listFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Writes the variants of one file that are worth it, and deletes those that are not (left
 * by an earlier run: the server would send them). Returns each variant's size, or the
 * original's size where there is none (what a client accepting it is sent).
 */
async function compressFile(file) {
  const raw = await readFile(file);
  const ext = extname(file).toLowerCase();
  return Promise.all(
    VARIANTS.map(async ({ extension, compress, options }) => {
      const packed = raw.length < MIN_BYTES ? raw : await compress(raw, options(raw, ext));
      if (packed.length > raw.length * MAX_RATIO) {
        await rm(file + extension, { force: true });
        return { raw: raw.length, packed: raw.length, kept: false };
      }
      await writeFile(file + extension, packed);
      return { raw: raw.length, packed: packed.length, kept: true };
    }),
  );
}

/**
 * Precompresses every text file of `dir` (recursively) that is worth it.
 * Returns byte totals over the files that got at least one variant.
 */
export async function precompress(dir) {
  const files = (await listFiles(dir)).filter((file) =>
    COMPRESSIBLE.has(extname(file).toLowerCase()),
  );
  const results = await Promise.all(files.map(compressFile));
  const totals = { files: 0, raw: 0, gzip: 0, brotli: 0 };
  for (const [gz, br] of results) {
    if (!gz.kept && !br.kept) continue;
    totals.files += 1;
    totals.raw += gz.raw;
    totals.gzip += gz.packed;
    totals.brotli += br.packed;
  }
  return totals;
}

/** Kilobytes as Angular's build output counts them (1000 bytes). */
const kB = (bytes) => (bytes / 1000).toFixed(1);

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'dist/client/browser'));
  const totals = await precompress(dir);
  console.log(
    `precompress ${relative(process.cwd(), dir) || '.'}: ${totals.files} files, ` +
      `${kB(totals.raw)} kB raw, ${kB(totals.gzip)} kB gzip, ${kB(totals.brotli)} kB brotli`,
  );
}
