import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { type IncomingHttpHeaders, request } from 'node:http';
import { join, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataDir, startTestApp, stopTestApp, TestApp } from './helpers/test-app';
import { inProcess } from './helpers/test-target';

const SCRIPT = resolve(__dirname, '../../scripts/precompress.mjs');

// Stand-ins for `ng build`'s output, over 1 kB so that precompress.mjs compresses them.
const INDEX = Buffer.from(
  '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Chat</title>\n' +
    '<base href="/">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    '<style>'.concat(':root { --muted: #555; --accent: #1a56db; }\n'.repeat(30), '</style>\n') +
    '<link rel="stylesheet" href="styles-ABCDEF12.css">\n</head>\n' +
    '<body><app-root></app-root><script src="main-ABCDEF12.js" type="module"></script></body>\n' +
    '</html>\n',
);
const CHUNK = Buffer.from(
  Array.from(
    { length: 300 },
    (_, i) => `export function handler${i}(event) { return event.id + ${i}; }`,
  )
    .join('\n')
    .concat('\n'),
);
const SECRET = 'secret-outside-the-client-folder';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes as sent: still compressed if Content-Encoding says so. */
  body: Buffer;
}

/** One request with exactly these headers (no client adding or decoding Accept-Encoding); the path as written. */
function send(
  baseUrl: string,
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolvePromise, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolvePromise({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function decode(response: RawResponse): Buffer {
  switch (response.headers['content-encoding']) {
    case 'br':
      return brotliDecompressSync(response.body);
    case 'gzip':
      return gunzipSync(response.body);
    default:
      return response.body;
  }
}

describe('serving the built client precompressed', () => {
  let testApp: TestApp;
  let clientDir: string;
  const get = (path: string, acceptEncoding?: string, method = 'GET') =>
    send(testApp.url, path, {
      method,
      headers: acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding },
    });
  const sizeOf = (name: string) => statSync(join(clientDir, name)).size;

  beforeAll(async () => {
    const dataDir = makeDataDir(); // deleted with the app
    clientDir = join(dataDir, 'browser');
    mkdirSync(clientDir);
    writeFileSync(join(clientDir, 'index.html'), INDEX);
    writeFileSync(join(clientDir, 'main-ABCDEF12.js'), CHUNK);
    writeFileSync(join(clientDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dataDir, 'secret.txt'), SECRET);
    execFileSync(process.execPath, [SCRIPT, clientDir], { stdio: 'pipe' });
    testApp = await startTestApp({ dataDir, env: { CLIENT_DIR: clientDir } });
  });
  afterAll(() => stopTestApp(testApp));

  it('has the variants from scripts/precompress.mjs to serve, the small svg excepted', () => {
    expect(brotliDecompressSync(readFileSync(join(clientDir, 'main-ABCDEF12.js.br')))).toEqual(
      CHUNK,
    );
    expect(gunzipSync(readFileSync(join(clientDir, 'index.html.gz')))).toEqual(INDEX);
    expect(() => statSync(join(clientDir, 'favicon.svg.br'))).toThrow();
  });

  it.each(['gzip, deflate, br, zstd', 'br', 'gzip;q=1.0, br;q=0.5', '*'])(
    'sends brotli to Accept-Encoding: %s',
    async (acceptEncoding) => {
      const response = await get('/main-ABCDEF12.js', acceptEncoding);
      expect(response.status).toBe(200);
      expect(response.headers['content-encoding']).toBe('br');
      expect(response.headers['content-length']).toBe(String(sizeOf('main-ABCDEF12.js.br')));
      expect(response.body.length).toBe(sizeOf('main-ABCDEF12.js.br'));
      expect(decode(response)).toEqual(CHUNK);
    },
  );

  it.each(['gzip', 'gzip, deflate', 'br;q=0, gzip', 'deflate, gzip;q=0.2'])(
    'sends gzip to Accept-Encoding: %s',
    async (acceptEncoding) => {
      const response = await get('/main-ABCDEF12.js', acceptEncoding);
      expect(response.status).toBe(200);
      expect(response.headers['content-encoding']).toBe('gzip');
      expect(response.headers['content-length']).toBe(String(sizeOf('main-ABCDEF12.js.gz')));
      expect(decode(response)).toEqual(CHUNK);
    },
  );

  it.each([undefined, 'identity', 'br;q=0, gzip;q=0', 'deflate', 'gzip;q=0, identity'])(
    'sends the file itself to Accept-Encoding: %s',
    async (acceptEncoding) => {
      const response = await get('/main-ABCDEF12.js', acceptEncoding);
      expect(response.status).toBe(200);
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.headers['content-length']).toBe(String(CHUNK.length));
      expect(response.body).toEqual(CHUNK);
    },
  );

  it.each([undefined, 'identity', 'gzip', 'br'])(
    'labels a file with variants as the file, cached for a year, varying by encoding (%s)',
    async (acceptEncoding) => {
      const response = await get('/main-ABCDEF12.js', acceptEncoding);
      expect(response.headers['content-type']).toMatch(/^text\/javascript; charset=utf-8$/i);
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(response.headers.vary).toBe('Accept-Encoding');
    },
  );

  it.each(['/', '/index.html', '/rooms/x', '/rooms/general/', '/login?next=%2Frooms'])(
    'answers %s with index.html, compressed, never cached',
    async (path) => {
      for (const [acceptEncoding, encoding] of [
        ['gzip, deflate, br', 'br'],
        ['gzip', 'gzip'],
        ['identity', undefined],
      ] as const) {
        const response = await get(path, acceptEncoding);
        expect(response.status).toBe(200);
        expect(response.headers['content-encoding']).toBe(encoding);
        expect(response.headers['content-type']).toMatch(/^text\/html; charset=utf-8$/i);
        expect(response.headers['cache-control']).toBe('no-cache');
        expect(response.headers.vary).toBe('Accept-Encoding');
        expect(response.headers['content-length']).toBe(String(response.body.length));
        expect(decode(response)).toEqual(INDEX);
      }
    },
  );

  it('keeps the security headers on compressed files', async () => {
    const response = await get('/rooms/x', 'br');
    expect(response.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('revalidates index.html by the variant it got: 304, still varying by encoding', async () => {
    const first = await get('/', 'br');
    const again = await send(testApp.url, '/', {
      headers: { 'Accept-Encoding': 'br', 'If-None-Match': String(first.headers.etag) },
    });
    expect(again.status).toBe(304);
    expect(again.headers.vary).toBe('Accept-Encoding');
    const gzip = await get('/', 'gzip');
    expect(gzip.headers.etag).not.toBe(first.headers.etag);
  });

  it('answers HEAD with the headers of the variant and no body', async () => {
    for (const path of ['/main-ABCDEF12.js', '/rooms/x']) {
      const response = await get(path, 'br', 'HEAD');
      const name = path === '/rooms/x' ? 'index.html.br' : 'main-ABCDEF12.js.br';
      expect(response.status).toBe(200);
      expect(response.headers['content-encoding']).toBe('br');
      expect(response.headers['content-length']).toBe(String(sizeOf(name)));
      expect(response.headers.vary).toBe('Accept-Encoding');
      expect(response.body.length).toBe(0);
    }
  });

  it('sends a file without variants as it is, cached for an hour', async () => {
    const response = await get('/favicon.svg', 'br');
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers['content-type']).toBe('image/svg+xml');
    expect(response.headers['cache-control']).toBe('public, max-age=3600');
  });

  it.each(['/chunk-MISSING1.js', '/styles-OLD.css', '/media/font.woff2', '/rooms/general.json'])(
    'answers a file the build does not have (%s) with a 404, not the app',
    async (path) => {
      const response = await get(path, 'br');
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.headers['content-encoding']).toBeUndefined();
    },
  );

  it.each(['/rooms/general', '/rooms/general/', '/login', '/some/deep/link'])(
    'answers an address of the app (%s) with index.html',
    async (path) => {
      const response = await get(path, 'br');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(decode(response)).toEqual(INDEX);
    },
  );

  it.each(['/api', '/api/nope', '/API/nope', '/api/rooms/general/nope/deeper'])(
    'keeps %s an API path: 404 JSON, not the app',
    async (path) => {
      const response = await get(path, 'gzip, deflate, br');
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(response.body.toString())).toMatchObject({
        statusCode: 404,
        error: 'Not Found',
      });
    },
  );

  it.each([
    '/..%2fsecret.txt',
    '/..%2f..%2fpackage.json',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/..%5csecret.txt',
    '/%2e%2e/browser/main-ABCDEF12.js',
  ])('refuses %s, a path out of the client folder', async (path) => {
    for (const acceptEncoding of [undefined, 'br']) {
      const response = await get(path, acceptEncoding);
      // In the cluster run nginx refuses some of these itself (400) before the app sees them.
      expect(inProcess ? [403] : [400, 403]).toContain(response.status);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.body.toString()).not.toContain(SECRET);
      expect(JSON.parse(response.body.toString())).toMatchObject({ statusCode: response.status });
    }
  });

  it('answers a malformed path with 400 JSON, as before', async () => {
    const response = await get('/rooms/%zz', 'br');
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body.toString())).toMatchObject({ statusCode: 400 });
  });
});
