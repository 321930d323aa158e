import autocannon from 'autocannon';

function run(options) {
  return new Promise((resolve, reject) =>
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result))),
  );
}

/**
 * GETs as fast as the server answers: `connections` keep-alive connections, each
 * request the next one `nextRequest()` gives ({path, cookie}), measured for
 * `seconds` after a warm-up.
 */
export async function capacity({ server, nextRequest, connections, warmupSeconds, seconds }) {
  const options = (duration) => ({
    url: server.url,
    connections,
    duration,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const { path, cookie } = nextRequest();
          return { ...request, path, headers: { ...request.headers, cookie } };
        },
      },
    ],
  });
  await run(options(warmupSeconds));
  const storesBefore = await server.storeUsage?.();
  const before = server.usage();
  const result = await run(options(seconds));
  const after = server.usage();
  const storesAfter = await server.storeUsage?.();
  const requests = Math.max(1, result.requests.total);
  return {
    requestsPerSecond: Math.round(result.requests.total / seconds),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    bytesPerResponse: Math.round(result.throughput.total / Math.max(1, result.requests.total)),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    serverCpuSeconds: round(after.cpuSeconds - before.cpuSeconds),
    serverPeakRssMb: round(after.peakRssMb),
    ...cpuPerRequest({ before, after, storesBefore, storesAfter, requests }),
  };
}

/**
 * CPU ms a request of the server's processes (a cluster's: its instances and nginx,
 * nginx's share apart too) and, when the target has them, of its stores
 * (PostgreSQL's backends, Redis).
 */
export function cpuPerRequest({ before, after, storesBefore, storesAfter, requests }) {
  const ms = (seconds) => Math.round((seconds * 1000 * 100) / requests) / 100;
  const figures = { serverCpuMsPerRequest: ms(after.cpuSeconds - before.cpuSeconds) };
  if (after.nginxCpuSeconds !== undefined) {
    figures.nginxCpuMsPerRequest = ms(after.nginxCpuSeconds - before.nginxCpuSeconds);
  }
  if (storesAfter) {
    figures.storeCpuMsPerRequest = Object.fromEntries(
      Object.keys(storesAfter).map((name) => [name, ms(storesAfter[name] - storesBefore[name])]),
    );
  }
  return figures;
}

/**
 * Authenticated polls of one path, each request with the next of `cookies` (so no
 * single cached session flatters the figure).
 */
export function pollCapacity({ path, cookies, ...options }) {
  let next = 0;
  return capacity({
    ...options,
    nextRequest: () => ({ path, cookie: cookies[next++ % cookies.length] }),
  });
}

function round(value) {
  return Math.round(value * 10) / 10;
}
