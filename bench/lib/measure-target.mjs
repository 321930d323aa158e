import { pollCapacity } from './poll-capacity.mjs';
import { roomPages } from './room-pages.mjs';
import { openTabs, syncCapacity } from './sync-capacity.mjs';

export function ratio(a, b) {
  return b ? Math.round((a / b) * 100) / 100 : null;
}

/**
 * The poll, history, sync and room-pages scenarios against one running target (a
 * server, or a cluster behind nginx) on a seeded database: the empty `?after=` poll
 * of the 1k room (always), of the 1M room ("history"), syncs with nothing new
 * ("sync": 1k, 1M, then 1k with 100 rooms, which it creates), room pages on sync
 * ("room-pages"). Returns their figures and the small room's last id after them.
 */
export async function measureTarget({ server, admin, clients, settings, scenarios, log }) {
  admin.url = server.url;
  for (const client of clients) client.url = server.url;
  const lastId = async (slug) =>
    (await admin.request('GET', `/api/rooms/${slug}/messages?limit=1`)).body.messages.at(-1)?.id ??
    0;
  // Both cookies, as a browser sends them: the session and its XSRF-TOKEN.
  const cookies = clients.map((client) => client.cookieHeader);
  const capacity = (slug, after) =>
    pollCapacity({
      server,
      path: `/api/rooms/${slug}/messages?after=${after}`,
      cookies,
      connections: settings.connections,
      warmupSeconds: settings.warmup,
      seconds: settings.seconds,
    });

  log('poll-capacity (and history, 1k messages)');
  const small = await capacity('small', await lastId('small'));
  const big = scenarios.has('history')
    ? (log('history (1M messages)'), await capacity('big', await lastId('big')))
    : null;
  const sync = scenarios.has('sync') ? await measureSync() : null;
  // Syncs with nothing new, each tab with its own session and cursor: in the 1k and the
  // 1M room with the 2 rooms seeded, then in the 1k room with 100 rooms.
  async function measureSync() {
    const measure = async (slug) =>
      syncCapacity({
        server,
        tabs: await openTabs(clients, slug),
        connections: settings.connections,
        warmupSeconds: settings.warmup,
        seconds: settings.seconds,
      });
    log('sync: nothing new, 1k messages, 2 rooms');
    const thousand = await measure('small');
    log('sync: nothing new, 1M messages, 2 rooms');
    const million = await measure('big');
    for (let i = 3; i <= 100; i += 1) {
      await admin.request('POST', '/api/rooms', { name: `Room ${i}`, slug: `room-${i}` });
    }
    log('sync: nothing new, 1k messages, 100 rooms');
    const hundredRooms = await measure('small');
    return {
      thousand,
      million,
      hundredRooms,
      millionRatio: ratio(million.requestsPerSecond, thousand.requestsPerSecond),
      hundredRoomsRatio: ratio(hundredRooms.requestsPerSecond, thousand.requestsPerSecond),
      shareOfEmptyPoll: ratio(thousand.requestsPerSecond, small.requestsPerSecond),
    };
  }
  const pages = scenarios.has('room-pages')
    ? (log(`room-pages: ${settings.pages} pages`),
      await roomPages({
        server,
        slug: 'small',
        sessions: clients,
        senders: clients.slice(0, 5),
        pages: settings.pages,
        seconds: Math.max(settings.seconds, 3),
        sendRate: settings.sendRate,
      }))
    : null;
  return { small, big, sync, pages, smallLastId: await lastId('small') };
}

/** True when a target's figures show failed requests or pages that missed changes. */
export function failed({ small, big, sync, pages }) {
  const failedRequests = [small, big, sync?.thousand, sync?.million, sync?.hundredRooms].some(
    (run) => run && run.non2xx + run.errors > 0,
  );
  const pagesFailed =
    pages &&
    (pages.errors.polls + pages.errors.writes > 0 || !pages.everyPageSawEveryChangeOnceInOrder);
  return failedRequests || pagesFailed;
}
