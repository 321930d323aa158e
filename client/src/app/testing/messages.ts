import { Message } from '../core/api/api-types';

/**
 * A message as the server sends it, for tests. Its id is its seq plus 1000, so a test
 * that mixes the two up fails.
 */
export function testMessage(seq: number, username = 'bob', extra: Partial<Message> = {}): Message {
  return {
    id: seq + 1000,
    seq,
    username,
    content: `message ${seq}`,
    date: '12:00:00',
    createdAt: '2026-01-01T12:00:00.000Z',
    editedAt: null,
    deleted: false,
    mentions: [],
    ...extra,
  };
}

/** Messages `from`..`to`, oldest first, as the server lists them. */
export function testMessages(from: number, to: number, username = 'bob'): Message[] {
  return Array.from({ length: to - from + 1 }, (_, index) => testMessage(from + index, username));
}
