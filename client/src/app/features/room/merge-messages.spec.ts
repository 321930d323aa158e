import { Message } from '../../core/api/api-types';
import { mergeMessages } from './merge-messages';

function message(id: number, content = `message ${id}`): Message {
  return { id, content, username: 'ann', date: '12:00:00', createdAt: '2026-01-01T12:00:00.000Z' };
}

const ids = (messages: readonly Message[]) => messages.map((m) => m.id);

describe('mergeMessages', () => {
  it('appends newer messages in id order', () => {
    expect(ids(mergeMessages([message(1), message(2)], [message(3), message(4)]))).toEqual([
      1, 2, 3, 4,
    ]);
  });

  it('prepends older messages (a "load older" page)', () => {
    expect(ids(mergeMessages([message(5), message(6)], [message(1), message(2)]))).toEqual([
      1, 2, 5, 6,
    ]);
  });

  it('sorts by id whatever order the messages come in', () => {
    expect(ids(mergeMessages([message(4), message(2)], [message(3), message(1)]))).toEqual([
      1, 2, 3, 4,
    ]);
  });

  it('keeps each id once, the incoming copy winning', () => {
    const merged = mergeMessages(
      [message(1), message(2, 'old')],
      [message(2, 'new'), message(3), message(3)],
    );
    expect(ids(merged)).toEqual([1, 2, 3]);
    expect(merged[1].content).toBe('new');
  });

  it('fills a gap between two ids (a message sent by someone else just before ours)', () => {
    expect(ids(mergeMessages([message(1), message(3)], [message(2), message(3)]))).toEqual([
      1, 2, 3,
    ]);
  });

  it('returns the same array when nothing comes in, so a signal holding it does not change', () => {
    const current = [message(1)];
    expect(mergeMessages(current, [])).toBe(current);
  });

  it('merges into an empty list', () => {
    expect(ids(mergeMessages([], [message(2), message(1)]))).toEqual([1, 2]);
  });

  it('changes neither input', () => {
    const current = Object.freeze([message(2)]);
    const incoming = Object.freeze([message(1)]);
    const merged = mergeMessages(current, incoming);
    expect(merged).not.toBe(current);
    expect(ids(current)).toEqual([2]);
    expect(ids(incoming)).toEqual([1]);
  });
});
