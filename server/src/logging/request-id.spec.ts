import { describe, expect, it } from 'vitest';
import { requestIdFor } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFor', () => {
  it.each(['0123456789abcdef0123456789abcdef', 'req-1.2:3_x', 'a'.repeat(128)])(
    'keeps the sane id %j',
    (id) => expect(requestIdFor(id)).toBe(id),
  );

  it.each([
    ['none', undefined],
    ['empty', ''],
    ['too long', 'a'.repeat(129)],
    ['with a space', 'a b'],
    ['with a line break', 'a\n{"forged":true}'],
    ['sent twice (Node joins them)', 'a, b'],
    ['an array', ['a', 'b']],
  ])('generates a UUID instead of %s', (_, header) => {
    expect(requestIdFor(header)).toMatch(UUID);
  });
});
