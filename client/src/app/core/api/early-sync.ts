import type { SyncResponse } from './api-types';

/** A first sync asked for at start-up is used if the page asks for it within this time. */
const FRESH_MS = 10_000;

let early: { room: string | undefined; at: number; answer: Promise<SyncResponse> } | null = null;

/**
 * Starts the first sync at once, while the app is still asking who is logged in and
 * loading the page's code: the page then shows the room a round trip sooner. Plain
 * fetch, not HttpClient: a visitor who is not logged in gets a 401 here that must not
 * redirect anywhere (the route guard does that, with the right `next`). Kept out of
 * SyncApi so that the start-up code stays small.
 */
export function prefetchSync(room: string | undefined): void {
  const query = new URLSearchParams(room === undefined ? {} : { room });
  const answer = fetch(`/api/sync?${query}`, { credentials: 'same-origin' }).then((response) =>
    response.ok
      ? (response.json() as Promise<SyncResponse>)
      : Promise.reject(new Error(`Sync answered ${response.status}`)),
  );
  answer.catch(() => undefined); // unused or refused: the page asks again itself
  early = { room, at: Date.now(), answer };
}

/** The early answer for this first sync, if there is a fresh one for the same room; once. */
export function takeEarlySync(room: string | undefined): Promise<SyncResponse> | null {
  const taken = early;
  early = null;
  if (!taken || taken.room !== room || Date.now() - taken.at >= FRESH_MS) return null;
  return taken.answer;
}
