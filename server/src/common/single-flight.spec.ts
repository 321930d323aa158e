import { describe, expect, it } from 'vitest';
import { singleFlight } from './single-flight';

describe('singleFlight', () => {
  it('joins calls made while one is under way, and starts anew after it ends', async () => {
    let started = 0;
    let finish!: (value: number) => void;
    const once = singleFlight(() => {
      started += 1;
      return new Promise<number>((resolve) => (finish = resolve));
    });
    const first = once();
    const second = once();
    expect(started).toBe(1);
    finish(7);
    expect(await Promise.all([first, second])).toEqual([7, 7]);
    const third = once();
    expect(started).toBe(2);
    finish(8);
    expect(await third).toBe(8);
  });

  it('starts anew after a failure, which every joined caller sees', async () => {
    let calls = 0;
    const once = singleFlight(() => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('away')) : Promise.resolve('back');
    });
    await expect(Promise.all([once(), once()])).rejects.toThrow('away');
    expect(await once()).toBe('back');
    expect(calls).toBe(2);
  });
});
