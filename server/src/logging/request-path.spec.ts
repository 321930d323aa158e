import { describe, expect, it } from 'vitest';
import { requestPath } from './request-path';

describe('requestPath', () => {
  it.each([
    ['/api/rooms', '/api/rooms'],
    ['/api/sync?since=abc&after=3', '/api/sync'],
    ['/api/rooms#x?y', '/api/rooms'],
    ['/a/../b?c', '/a/../b'],
    ['//evil.example/p?q', '//evil.example/p'],
    ['http://user:password@host.example/api/rooms?token=t', '/api/rooms'],
    ['*', '*'],
  ])('takes %j as %j', (url, path) => {
    expect(requestPath(url)).toBe(path);
  });
});
