import autocannon from 'autocannon';

function run(options) {
  return new Promise((resolve, reject) =>
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result))),
  );
}

/**
 * One open tab per client on `slug`: its first sync, and the request its next
 * sync makes (its cursor, its cookies). Repeated, that request is the sync with
 * nothing new, as long as nothing is written.
 */
export async function openTabs(clients, slug) {
  const tabs = [];
  for (let i = 0; i < clients.length; i += 20) {
    const batch = clients.slice(i, i + 20);
    tabs.push(
      ...(await Promise.all(
        batch.map(async (client) => {
          const first = await client.request('GET', `/api/sync?room=${slug}`);
          if (first.status !== 200) throw new Error(`first sync: ${first.status}`);
          return {
            cookie: client.cookieHeader,
            path: `/api/sync?room=${slug}&since=${first.body.cursor}`,
          };
        }),
      )),
    );
  }
  return tabs;
}

/**
 * Syncs with nothing new as fast as the server answers: `connections` keep-alive
 * connections, each request the next tab's (its own session and cursor), measured
 * for `seconds` after a warm-up.
 */
export async function syncCapacity({ server, tabs, connections, warmupSeconds, seconds }) {
  let next = 0;
  const options = (duration) => ({
    url: server.url,
    connections,
    duration,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const tab = tabs[next++ % tabs.length];
          return {
            ...request,
            path: tab.path,
            headers: { ...request.headers, cookie: tab.cookie },
          };
        },
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
    bytesPerResponse: Math.round(result.throughput.total / Math.max(1, result.requests.total)),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    serverCpuSeconds: round(after.cpuSeconds - before.cpuSeconds),
    serverPeakRssMb: round(after.peakRssMb),
  };
}

function round(value) {
  return Math.round(value * 10) / 10;
}
