import { MonoTypeOperatorFunction, takeUntil, throwIfEmpty, timer } from 'rxjs';

/** A request that got no answer in time. */
export class TimedOut extends Error {
  constructor(ms: number) {
    super(`No answer within ${ms} ms`);
    this.name = 'TimedOut';
  }
}

/**
 * Fails a one-answer request (HttpClient's) with TimedOut when no answer comes within
 * `ms`, and cancels it. Built from operators the app already ships rather than rxjs's
 * `timeout`, which would add to the start-up bundle.
 */
export function timeLimit<T>(ms: number): MonoTypeOperatorFunction<T> {
  return (source) =>
    source.pipe(
      takeUntil(timer(ms)),
      throwIfEmpty(() => new TimedOut(ms)),
    );
}
