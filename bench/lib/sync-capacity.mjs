import { capacity } from './poll-capacity.mjs';

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
 * Syncs with nothing new as fast as the server answers, each request the next
 * tab's (its own session and cursor).
 */
export function syncCapacity({ tabs, ...options }) {
  let next = 0;
  return capacity({
    ...options,
    nextRequest: () => {
      const { path, cookie } = tabs[next++ % tabs.length];
      return { path, cookie };
    },
  });
}
