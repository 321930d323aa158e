import autocannon from 'autocannon';

function run(options) {
  return new Promise((resolve, reject) =>
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result))),
  );
}

/**
 * Authenticated polls as fast as the server answers: `connections` keep-alive
 * connections, each request with the next of `cookies` (so no single cached
 * session flatters the figure), measured for `seconds` after a warm-up.
 */
export async function pollCapacity({ server, path, cookies, connections, warmupSeconds, seconds }) {
  let next = 0;
  const options = (duration) => ({
    url: server.url,
    connections,
    duration,
    requests: [
      {
        method: 'GET',
        path,
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, cookie: cookies[next++ % cookies.length] },
        }),
      },
    ],
  });
  await run(options(warmupSeconds));
  const before = server.usage();
  const result = await run(options(seconds));
  const after = server.usage();
  return {
    requestsPerSecond: Math.round(result.requests.total / seconds),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    serverCpuSeconds: round(after.cpuSeconds - before.cpuSeconds),
    serverPeakRssMb: round(after.peakRssMb),
  };
}

function round(value) {
  return Math.round(value * 10) / 10;
}
