import { Message } from '../../../core/api/api-types';
import { OutboxEntry } from '../../chat/state/outbox';
import { firstUnreadSeq, ListShape, listShape, scrollPlan } from './list-shape';
import { testMessage, testMessages } from '../../../testing/messages';

const message = testMessage;
const range = testMessages;

function pending(clientId: string): OutboxEntry {
  return { clientId, slug: 'general', content: 'hi', createdAt: 1, state: 'sending' };
}

const shape = (messages: Message[], entries: OutboxEntry[] = [], me = 'me'): ListShape =>
  listShape(messages, entries, me);

describe('listShape', () => {
  it('describes an empty list as not loaded', () => {
    expect(shape([])).toEqual({
      firstId: undefined,
      lastKey: undefined,
      count: 0,
      lastIsOwn: false,
      loaded: false,
    });
  });

  it('takes the first message by id, and counts them', () => {
    expect(shape(range(1, 3))).toMatchObject({
      firstId: 1001,
      lastPending: undefined,
      count: 3,
      lastIsOwn: false,
      loaded: true,
    });
  });

  it('has a last key that changes with the newest message, and with the newest pending one', () => {
    const key = (messages: Message[], entries: OutboxEntry[] = []) =>
      shape(messages, entries).lastKey;
    expect(key(range(1, 3))).toBe(key(range(1, 3)));
    expect(key(range(1, 3))).not.toBe(key(range(1, 4)));
    expect(key(range(1, 3))).toBe(key(range(0, 3))); // older ones above: not the end
    expect(key(range(1, 3), [pending('a')])).not.toBe(key(range(1, 3)));
    expect(key(range(1, 3), [pending('a')])).not.toBe(
      key(range(1, 3), [pending('a'), pending('b')]),
    );
    // A new message arriving while one of the reader's own waits at the end.
    expect(key(range(1, 3), [pending('a')])).not.toBe(key(range(1, 4), [pending('a')]));
  });

  it('counts pending messages, the newest of which shows last', () => {
    const result = shape(range(1, 3), [pending('a'), pending('b')]);
    expect(result.lastPending).toBe('b');
    expect(result.count).toBe(5);
    expect(shape([], [pending('a')])).toMatchObject({ firstId: undefined, loaded: true });
  });

  it('knows the last message is the reader’s own by username, and only with a reader', () => {
    expect(shape([message(1), message(2, 'me')]).lastIsOwn).toBe(true);
    expect(shape([message(1, 'me'), message(2)]).lastIsOwn).toBe(false);
    expect(listShape([message(1, 'me')], []).lastIsOwn).toBe(false);
  });

  it('tells a message from a pending entry whose clientId looks like its id', () => {
    expect(shape([message(1)]).lastKey).not.toBe(shape([], [pending('1001')]).lastKey);
  });
});

describe('scrollPlan', () => {
  const list = shape(range(26, 50));

  it('opens a list that has just loaded, and waits while there is none', () => {
    expect(scrollPlan(null, list, false)).toBe('open');
    expect(scrollPlan(null, shape([]), true)).toBe('none');
    expect(scrollPlan(shape([]), list, true)).toBe('open');
    expect(scrollPlan(shape([]), shape([]), true)).toBe('none');
  });

  it('keeps the reader’s place when older messages come in above', () => {
    expect(scrollPlan(list, shape(range(1, 50)), false)).toBe('keep-place');
    expect(scrollPlan(list, shape(range(1, 50)), true)).toBe('keep-place');
  });

  it('does nothing when the ends did not move (an edit, a deletion, the same answer)', () => {
    const edited = range(26, 50);
    edited[3] = message(29, 'bob', { content: 'fixed', deleted: true });
    expect(scrollPlan(list, shape(edited), false)).toBe('none');
    expect(scrollPlan(list, shape(range(26, 50)), true)).toBe('none');
  });

  it('follows new messages below when the reader was at the bottom', () => {
    expect(scrollPlan(list, shape(range(26, 51)), true)).toBe('follow');
  });

  it('announces new messages below while the reader is scrolled up', () => {
    expect(scrollPlan(list, shape(range(26, 51)), false)).toBe('announce');
  });

  it('follows the reader’s own message wherever they were: sent, then acknowledged', () => {
    const sending = shape(range(26, 50), [pending('a')]);
    expect(scrollPlan(list, sending, false)).toBe('follow');
    const stored = shape([...range(26, 50), message(51, 'me')]);
    expect(scrollPlan(sending, stored, false)).toBe('follow');
  });

  it('tells of new messages from others that arrive while one of the reader’s own waits at the end', () => {
    const failed = [pending('a')];
    const before = shape(range(26, 50), failed);
    const after = shape(range(26, 51), failed);
    expect(scrollPlan(before, after, false)).toBe('announce');
    expect(scrollPlan(before, after, true)).toBe('follow');
  });

  it('follows a second message the reader sends while the first still waits', () => {
    const before = shape(range(26, 50), [pending('a')]);
    expect(scrollPlan(before, shape(range(26, 50), [pending('a'), pending('b')]), false)).toBe(
      'follow',
    );
  });

  it('offers nothing new when the reader discards a failed message', () => {
    const before = shape(range(26, 50), [pending('a')]);
    expect(scrollPlan(before, shape(range(26, 50)), false)).toBe('none');
  });

  it('opens again when the list was replaced by a shorter one (a reset)', () => {
    expect(
      scrollPlan(
        shape(range(1, 50)),
        shape(range(1, 3).map((m) => ({ ...m, id: m.id + 500 }))),
        false,
      ),
    ).toBe('open');
  });

  it('does nothing once the list is empty', () => {
    expect(scrollPlan(list, shape([]), true)).toBe('none');
  });
});

describe('firstUnreadSeq', () => {
  it('is the first message by someone else after the read position', () => {
    expect(firstUnreadSeq(range(1, 5), 2, 'me')).toBe(3);
  });

  it('skips the reader’s own messages and tombstones', () => {
    const messages = [
      message(1),
      message(2, 'me'),
      message(3, 'bob', { deleted: true, content: '' }),
      message(4),
    ];
    expect(firstUnreadSeq(messages, 1, 'me')).toBe(4);
  });

  it('is null when everything shown is read, or only the reader wrote since', () => {
    expect(firstUnreadSeq(range(1, 5), 5, 'me')).toBeNull();
    expect(firstUnreadSeq([message(1), message(2, 'me')], 1, 'me')).toBeNull();
    expect(firstUnreadSeq([], 0, 'me')).toBeNull();
  });

  it('goes by seq, not by id (seqs may skip values)', () => {
    const messages = [message(10), message(14), message(20)];
    expect(firstUnreadSeq(messages, 12, 'me')).toBe(14);
  });
});
