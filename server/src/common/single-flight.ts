/**
 * `run`, at most one at a time: a call while one is under way joins it instead of
 * starting another (a reload on a timer, a probe asked for by every health check).
 */
export function singleFlight<T>(run: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= run().finally(() => {
      pending = undefined;
    }));
}
