/**
 * The sweep: generated requests at every endpoint the app documents (its OpenAPI
 * document, so an endpoint added later joins without being listed here) and at
 * paths that are no endpoint, sent as a visitor, a user and the admin, byte for
 * byte: bodies of wrong types, deep nesting, prototype-named keys, huge and odd
 * strings, invalid UTF-8; odd query strings, cookies, CSRF headers and paths.
 * For every request:
 *
 * - never a 5xx, and under /api always JSON (4xx in the `{statusCode, message}` shape);
 * - a refused request (4xx) changes nothing in the database: every table, sessions
 *   included, is read before and after;
 * - a request succeeds only if the documentation allows it (see acceptanceProblems);
 * - after each endpoint's run, GET /api/health still answers 200.
 *
 * SWEEP_RUNS (default 100) is the number of generated requests per endpoint. A
 * longer run: SWEEP_RUNS=2000 npx vitest run --config server/vitest.config.mts test/sweep.e2e-spec.ts
 *
 * Each run uses a new random seed. A failure prints the shrunk request, fast-check's
 * seed and path; replay it with SWEEP_SEED=<seed> SWEEP_PATH=<path> and `-t '<test name>'`.
 */
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { caseOf } from './helpers/sweep/arbitraries';
import { preview, sweepCheck } from './helpers/sweep/check';
import { discoverEndpoints } from './helpers/sweep/endpoints';
import type { Endpoint } from './helpers/sweep/endpoints';
import type { OpenAPIObject } from '@nestjs/swagger';
import { sendRaw } from './helpers/sweep/raw-http';
import { setUpSweep } from './helpers/sweep/world';
import type { SweepWorld } from './helpers/sweep/world';
import { startTestApp, stopTestApp } from './helpers/test-app';

function integerFromEnv(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, not ${text}`);
  return value;
}

const NUM_RUNS = Math.max(1, integerFromEnv('SWEEP_RUNS') ?? 100);
const RUN_OPTIONS = {
  numRuns: NUM_RUNS,
  seed: integerFromEnv('SWEEP_SEED'),
  path: process.env.SWEEP_PATH || undefined,
};
/** Per endpoint: the runs (most take a few ms, a login or sign-up ~50 ms of scrypt) and shrinking a failure. */
const TIMEOUT_MS = 120_000 + NUM_RUNS * 200;

/** Paths no endpoint has, for every method: under /api (404 JSON) and outside it. */
const NO_ENDPOINT: Endpoint[] = [
  ...['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((method) => ({
    method,
    template: '/api/{junk}',
    pathParams: ['junk'],
    query: [],
  })),
  { method: 'POST', template: '/api/{junk}/{more}', pathParams: ['junk', 'more'], query: [] },
  { method: 'GET', template: '/{junk}', pathParams: ['junk'], query: [] },
];

describe('sweep: generated requests at every endpoint', async () => {
  // Started while collecting: the tests are the endpoints the running app documents.
  // Rate limits out of the way: thousands of logins and sign-ups a minute are the point.
  const testApp = await startTestApp({ env: { AUTH_RATE_LIMIT: '1000000' } });
  afterAll(() => stopTestApp(testApp));
  // The document the running app serves, so the cluster run (over HTTP only) sweeps the same.
  const endpoints = discoverEndpoints(
    (await (await fetch(`${testApp.url}/api/docs-json`)).json()) as OpenAPIObject,
  );
  let world: SweepWorld;
  const check = sweepCheck(testApp.url, testApp.dataSource, () => world);

  beforeAll(async () => {
    world = await setUpSweep(testApp.url, endpoints, async (admin) => {
      for (const name of ['Lobby', 'Straße Café']) {
        const response = await admin.call('POST', '/api/rooms', { name });
        if (response.status !== 201) {
          throw new Error(`Could not create a room: ${preview(response)}`);
        }
      }
      // Messages 1-3 exist, so generated ids (which come from the rooms' ids) hit real ones.
      for (const content of ['first', 'second @sweepuser', 'third']) {
        const response = await admin.call('POST', '/api/rooms/lobby/messages', { content });
        if (response.status !== 201) {
          throw new Error(`Could not send a message: ${preview(response)}`);
        }
      }
    });
  });

  afterEach(async () => {
    const health = await sendRaw(testApp.url, { method: 'GET', path: '/api/health', headers: [] });
    expect(health.status, 'GET /api/health after the run').toBe(200);
  });

  it('found the API in the OpenAPI document, and valid values for every path param', () => {
    expect(endpoints.length).toBeGreaterThan(0);
    for (const endpoint of endpoints) expect(endpoint.template).toMatch(/^\/api\//);
    // Else that param gets junk only: list its values in a GET endpoint, or create some above.
    for (const [name, values] of Object.entries(world.knowledge.paramValues)) {
      expect(values, `values for the path param ${name}`).not.toHaveLength(0);
    }
  });

  for (const endpoint of endpoints) {
    it(
      `${endpoint.method} ${endpoint.template}`,
      async () => {
        const property = fc.asyncProperty(caseOf(endpoint, world.knowledge), (sweepCase) =>
          check(endpoint, sweepCase),
        );
        await fc.assert(property, RUN_OPTIONS);
      },
      TIMEOUT_MS,
    );
  }

  it(
    'paths that are no endpoint',
    async () => {
      const cases = fc.oneof(
        ...NO_ENDPOINT.map((endpoint) =>
          caseOf(endpoint, world.knowledge).map((sweepCase) => ({ endpoint, sweepCase })),
        ),
      );
      const property = fc.asyncProperty(cases, ({ endpoint, sweepCase }) =>
        check(endpoint, sweepCase),
      );
      await fc.assert(property, RUN_OPTIONS);
    },
    TIMEOUT_MS,
  );
});
