import { BadRequestException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, SyncCursor } from './sync-cursor';

const cursor: SyncCursor = {
  epoch: '0123456789abcdef',
  userId: 42,
  open: { roomId: 3, seq: 1_000_000 },
  rooms: new Map([
    [1, { lastSeq: 10, readSeq: 7 }],
    [3, { lastSeq: 1_000_000, readSeq: 0 }],
  ]),
};

describe('sync cursor', () => {
  it('survives a round trip', () => {
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it('has a form with no room open and no rooms at all', () => {
    const empty = { ...cursor, open: null, rooms: new Map() };
    expect(encodeCursor(empty)).toBe('1.0123456789abcdef.16.-.');
    expect(decodeCursor(encodeCursor(empty))).toEqual(empty);
  });

  it('stays URL-safe and short: about 6 characters a room', () => {
    expect(encodeCursor(cursor)).toMatch(/^[0-9a-z._-]+$/);
    expect(encodeCursor(cursor).length).toBeLessThan(60);
    const hundred = new Map(
      Array.from({ length: 100 }, (_, i) => [i + 1, { lastSeq: 5000 + i, readSeq: 5000 + i }]),
    );
    const text = encodeCursor({ ...cursor, rooms: hundred });
    expect(text.length).toBeLessThan(700);
    expect(decodeCursor(text).rooms).toEqual(hundred);
  });

  it('keeps rooms in any id order, with gaps between ids', () => {
    const rooms = new Map([
      [900, { lastSeq: 3, readSeq: 1 }],
      [2, { lastSeq: 0, readSeq: 0 }],
      [41, { lastSeq: 7, readSeq: 7 }],
    ]);
    const decoded = decodeCursor(encodeCursor({ ...cursor, rooms }));
    expect([...decoded.rooms].sort(([a], [b]) => a - b)).toEqual(
      [...rooms].sort(([a], [b]) => a - b),
    );
  });

  it.each([
    '',
    'x',
    '2.0123456789abcdef.16.-.',
    '1.0123456789ABCDEF.16.-.',
    '1.0123456789abcdef.16.-',
    '1.0123456789abcdef.16.3.',
    '1.0123456789abcdef.16.-.1-2-3_',
    '1.0123456789abcdef.16.-.1-2-3_0-4-5',
    '1.0123456789abcdef.16.-.1-2-3-4',
    '1.0123456789abcdef.16.3-4-5.',
    '1.0123456789abcdef.16.-.1--2',
    '1.0123456789abcdef.16.-.-1-2',
    '1.0123456789abcdef.16.-._',
    '1.0123456789abcdef.zzzzzzzzzzz.-.',
    '1.0123456789abcdef.16.-.1-2-3\n',
    ' 1.0123456789abcdef.16.-.',
  ])('refuses %j with a 400', (text) => {
    expect(() => decodeCursor(text)).toThrow(BadRequestException);
  });
});
