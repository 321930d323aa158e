import { Message, RoomSummary } from '../api/api-types';
import { attentionEvents } from './attention-events';
import { testMessage } from '../../testing/messages';

function room(slug: string, unread = 0, mentions = 0): RoomSummary {
  const name = slug.charAt(0).toUpperCase() + slug.slice(1);
  return { slug, name, lastSeq: 10 + unread, readSeq: 10, unread, mentions };
}

let seq = 0;
function message(username: string, content: string, extra: Partial<Message> = {}): Message {
  seq += 1;
  return testMessage(seq, username, { content, ...extra });
}

describe('attentionEvents', () => {
  it('gives nothing on the first sync, however much is unread', () => {
    const open = { slug: 'general', newMessages: [message('ann', 'hi @me', { mentions: ['me'] })] };
    expect(attentionEvents(null, [room('general', 5, 1), room('random', 3)], open, 'me')).toEqual(
      [],
    );
  });

  it('gives a message event with the increase when a room’s unread count rises', () => {
    const events = attentionEvents([room('random', 2)], [room('random', 5)], null, 'me');
    expect(events).toEqual([{ slug: 'random', roomName: 'Random', kind: 'message', count: 3 }]);
  });

  it('gives a mention event instead when the room’s mentions rise too', () => {
    const events = attentionEvents([room('random', 2)], [room('random', 4, 1)], null, 'me');
    expect(events).toEqual([{ slug: 'random', roomName: 'Random', kind: 'mention', count: 1 }]);
  });

  it('gives nothing for rooms read or unchanged', () => {
    const previous = [room('random', 4, 1), room('dev', 2)];
    expect(attentionEvents(previous, [room('random', 0), room('dev', 2)], null, 'me')).toEqual([]);
  });

  it('counts from zero for a room it did not know, and takes a map of the known rooms', () => {
    const known = new Map([['dev', room('dev', 1)]]);
    expect(attentionEvents(known, [room('dev', 2), room('new-room', 1)], null, 'me')).toEqual([
      { slug: 'dev', roomName: 'Dev', kind: 'message', count: 1 },
      { slug: 'new-room', roomName: 'New-room', kind: 'message', count: 1 },
    ]);
  });

  it('judges the open room by its new messages by others, not by its counts', () => {
    const open = {
      slug: 'general',
      newMessages: [message('ann', 'first'), message('Me', 'mine'), message('bob', 'second')],
    };
    const events = attentionEvents([room('general')], [room('general', 9, 9)], open, 'me');
    expect(events).toEqual([
      {
        slug: 'general',
        roomName: 'General',
        kind: 'message',
        count: 2,
        from: 'bob',
        text: 'second',
      },
    ]);
  });

  it('gives a mention for the open room when a new message mentions the user', () => {
    const open = {
      slug: 'general',
      newMessages: [
        message('ann', 'ping @Me', { mentions: ['Me'] }),
        message('bob', 'not you', { mentions: ['ann'] }),
      ],
    };
    expect(attentionEvents([], [], open, 'me')).toEqual([
      {
        slug: 'general',
        roomName: 'general',
        kind: 'mention',
        count: 1,
        from: 'ann',
        text: 'ping @Me',
      },
    ]);
  });

  it('gives nothing for deleted messages or the user’s own', () => {
    const open = {
      slug: 'general',
      name: 'General',
      newMessages: [
        message('ann', '', { deleted: true, mentions: ['me'] }),
        message('me', 'hello @me', { mentions: ['me'] }),
      ],
    };
    expect(attentionEvents([room('general')], [], open, 'me')).toEqual([]);
  });

  it('names the open room from the known summaries, then from the page', () => {
    const newMessages = [message('ann', 'hi')];
    expect(attentionEvents([room('general')], [], { slug: 'general', newMessages }, 'me')).toEqual([
      expect.objectContaining({ roomName: 'General' }),
    ]);
    expect(attentionEvents([], [], { slug: 'dev', name: 'Developers', newMessages }, 'me')).toEqual(
      [expect.objectContaining({ roomName: 'Developers' })],
    );
  });
});
