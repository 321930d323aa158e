import { Message } from '../../core/api/api-types';
import { applyChanges, mergeMessages } from './merge-messages';

/** Message `seq` of the room; its id is the seq plus 1000, so the two never pass for each other. */
function message(seq: number, content = `message ${seq}`): Message {
  return {
    id: seq + 1000,
    seq,
    content,
    username: 'ann',
    date: '12:00:00',
    createdAt: '2026-01-01T12:00:00.000Z',
    editedAt: null,
    deleted: false,
    mentions: [],
  };
}

function edited(seq: number, content: string, at = '2026-01-01T12:05:00.000Z'): Message {
  return { ...message(seq, content), editedAt: at };
}

function deleted(seq: number): Message {
  return { ...message(seq, ''), deleted: true };
}

const seqs = (messages: readonly Message[]) => messages.map((m) => m.seq);

describe('mergeMessages', () => {
  it('appends newer messages in seq order', () => {
    expect(seqs(mergeMessages([message(1), message(2)], [message(3), message(4)]))).toEqual([
      1, 2, 3, 4,
    ]);
  });

  it('prepends older messages (a "load older" page)', () => {
    expect(seqs(mergeMessages([message(5), message(6)], [message(1), message(2)]))).toEqual([
      1, 2, 5, 6,
    ]);
  });

  it('sorts by seq whatever order the messages come in, and whatever their ids', () => {
    const late = { ...message(2), id: 9999 }; // an id taken before seq 1's
    expect(seqs(mergeMessages([message(4), late], [message(3), message(1)]))).toEqual([1, 2, 3, 4]);
  });

  it('keeps each id once, the incoming copy winning', () => {
    const merged = mergeMessages(
      [message(1), message(2, 'old')],
      [message(2, 'new'), message(3), message(3)],
    );
    expect(seqs(merged)).toEqual([1, 2, 3]);
    expect(merged[1].content).toBe('new');
  });

  it('never puts back an earlier state: a deleted message stays deleted, an edit stays', () => {
    const sendAnswer = message(2, 'typo'); // a send's late answer, from before the edit
    const merged = mergeMessages([message(1), edited(2, 'fixed')], [sendAnswer]);
    expect(merged[1]).toEqual(edited(2, 'fixed'));

    const gone = mergeMessages([deleted(1)], [message(1), edited(1, 'fixed')]);
    expect(gone).toEqual([deleted(1)]);

    const later = edited(2, 'fixed again', '2026-01-01T12:06:00.000Z');
    expect(mergeMessages([edited(2, 'fixed')], [later])).toEqual([later]);
  });

  it('fills a gap (a message sent by someone else just before ours)', () => {
    expect(seqs(mergeMessages([message(1), message(3)], [message(2), message(3)]))).toEqual([
      1, 2, 3,
    ]);
  });

  it('returns the same array when nothing comes in, so a signal holding it does not change', () => {
    const current = [message(1)];
    expect(mergeMessages(current, [])).toBe(current);
  });

  it('merges into an empty list', () => {
    expect(seqs(mergeMessages([], [message(2), message(1)]))).toEqual([1, 2]);
  });

  it('changes neither input', () => {
    const current = Object.freeze([message(2)]);
    const incoming = Object.freeze([message(1)]);
    const merged = mergeMessages(current, incoming);
    expect(merged).not.toBe(current);
    expect(seqs(current)).toEqual([2]);
    expect(seqs(incoming)).toEqual([1]);
  });
});

describe('applyChanges', () => {
  it('replaces edited and deleted messages in place and adds new ones in seq order', () => {
    const applied = applyChanges(
      [message(1), message(2), message(3)],
      [edited(2, 'fixed'), message(5), deleted(3), message(4)],
    );
    expect(applied).toEqual([message(1), edited(2, 'fixed'), deleted(3), message(4), message(5)]);
  });

  it('shows a message sent and deleted between two syncs as a tombstone in its place', () => {
    expect(applyChanges([message(1)], [deleted(2), message(3)])).toEqual([
      message(1),
      deleted(2),
      message(3),
    ]);
  });

  it('leaves out changes to messages older than the oldest shown: "load older" brings them', () => {
    const applied = applyChanges([message(26), message(27)], [edited(3, 'old news'), deleted(4)]);
    expect(seqs(applied)).toEqual([26, 27]);
  });

  it('takes every change into an empty room', () => {
    expect(seqs(applyChanges([], [message(2), message(1)]))).toEqual([1, 2]);
  });
});
