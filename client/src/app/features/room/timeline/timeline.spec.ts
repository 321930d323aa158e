import { Message } from '../../../core/api/api-types';
import { buildTimeline, fullDateTime, TimelineItem, timeOfDay } from './timeline';

let nextId = 1;
function message(username: string, createdAt: string, extra: Partial<Message> = {}): Message {
  const id = nextId++;
  return {
    id,
    seq: id,
    content: `message ${id}`,
    username,
    date: createdAt.slice(11, 19),
    createdAt,
    editedAt: null,
    deleted: false,
    mentions: [],
    ...extra,
  };
}

/** Days as their labels, messages as `username` or `+username` when continued. */
const outline = (items: TimelineItem[]) =>
  items.map((item) =>
    item.kind === 'day' ? item.label : `${item.continued ? '+' : ''}${item.message.username}`,
  );

const now = new Date('2026-12-03T12:00:00Z'); // a Thursday
const gb = { now, locale: 'en-GB', timeZone: 'UTC' };

describe('buildTimeline', () => {
  it('gives nothing for no messages', () => {
    expect(buildTimeline([], gb)).toEqual([]);
  });

  it('puts a day before the first message of each day: Today, Yesterday, else the date', () => {
    const items = buildTimeline(
      [
        message('ann', '2025-12-31T10:00:00Z'),
        message('ann', '2026-11-27T10:00:00Z'),
        message('bob', '2026-11-27T18:00:00Z'),
        message('ann', '2026-12-02T10:00:00Z'),
        message('ann', '2026-12-03T08:00:00Z'),
      ],
      gb,
    );
    expect(outline(items)).toEqual([
      'Wednesday, 31 December 2025',
      'ann',
      'Friday 27 November',
      'ann',
      'bob',
      'Yesterday',
      'ann',
      'Today',
      'ann',
    ]);
    expect(items.filter((item) => item.kind === 'day').map((day) => day.date)).toEqual([
      '2025-12-31',
      '2026-11-27',
      '2026-12-02',
      '2026-12-03',
    ]);
  });

  it('writes dates and day names in the locale', () => {
    const messages = [
      message('ann', '2026-11-27T10:00:00Z'),
      message('ann', '2026-12-02T10:00:00Z'),
      message('ann', '2026-12-03T10:00:00Z'),
    ];
    expect(outline(buildTimeline(messages, { ...gb, locale: 'en-US' }))[0]).toBe(
      'Friday, November 27',
    );
    expect(
      outline(buildTimeline(messages, { ...gb, locale: 'de-DE' })).filter((_, i) => i % 2 === 0),
    ).toEqual(['Freitag, 27. November', 'Gestern', 'Heute']);
  });

  it('reads the day in the time zone given', () => {
    // 23:30 UTC on the 2nd is 00:30 on the 3rd in Berlin, and 18:30 on the 2nd in New York.
    const late = [message('ann', '2026-12-02T23:30:00Z')];
    const day = (timeZone: string) => buildTimeline(late, { ...gb, timeZone })[0];
    expect(day('UTC')).toMatchObject({ date: '2026-12-02', label: 'Yesterday' });
    expect(day('Europe/Berlin')).toMatchObject({ date: '2026-12-03', label: 'Today' });
    expect(day('America/New_York')).toMatchObject({ date: '2026-12-02', label: 'Yesterday' });
  });

  it('takes today from `now` in that time zone, across a year', () => {
    const newYear = new Date('2026-12-31T23:30:00Z'); // already 1 January 2027 in Berlin
    const items = buildTimeline([message('ann', '2026-12-31T22:00:00Z')], {
      now: newYear,
      locale: 'en-GB',
      timeZone: 'Europe/Berlin',
    });
    expect(items[0]).toMatchObject({ date: '2026-12-31', label: 'Yesterday' });
    const older = buildTimeline([message('ann', '2026-12-30T12:00:00Z')], {
      now: newYear,
      locale: 'en-GB',
      timeZone: 'Europe/Berlin',
    });
    expect(older[0]).toMatchObject({ label: 'Wednesday, 30 December 2026' });
  });

  it('splits days at local midnight across a daylight saving change', () => {
    // Berlin moves to summer time at 01:00 UTC on 29 March 2026.
    const items = buildTimeline(
      [
        message('ann', '2026-03-28T22:59:00Z'), // 23:59 CET, the 28th
        message('ann', '2026-03-28T23:00:00Z'), // 00:00 CET, the 29th
        message('ann', '2026-03-29T21:59:00Z'), // 23:59 CEST, the 29th
        message('ann', '2026-03-29T22:00:00Z'), // 00:00 CEST, the 30th
      ],
      { ...gb, timeZone: 'Europe/Berlin' },
    );
    expect(items.filter((item) => item.kind === 'day').map((day) => day.date)).toEqual([
      '2026-03-28',
      '2026-03-29',
      '2026-03-30',
    ]);
  });

  describe('grouping', () => {
    it('continues messages of one author up to five minutes apart', () => {
      const items = buildTimeline(
        [
          message('ann', '2026-12-03T10:00:00Z'),
          message('ann', '2026-12-03T10:04:00Z'),
          message('ann', '2026-12-03T10:09:00Z'), // five minutes after the one before
          message('ann', '2026-12-03T10:14:01Z'), // a second more
        ],
        gb,
      );
      expect(outline(items)).toEqual(['Today', 'ann', '+ann', '+ann', 'ann']);
    });

    it('starts a group at another author', () => {
      const items = buildTimeline(
        [
          message('ann', '2026-12-03T10:00:00Z'),
          message('bob', '2026-12-03T10:01:00Z'),
          message('ann', '2026-12-03T10:02:00Z'),
          message('ann', '2026-12-03T10:03:00Z'),
        ],
        gb,
      );
      expect(outline(items)).toEqual(['Today', 'ann', 'bob', 'ann', '+ann']);
    });

    it('breaks groups at deleted messages', () => {
      const items = buildTimeline(
        [
          message('ann', '2026-12-03T10:00:00Z'),
          message('ann', '2026-12-03T10:01:00Z', { deleted: true, content: '' }),
          message('ann', '2026-12-03T10:02:00Z'),
          message('ann', '2026-12-03T10:03:00Z'),
        ],
        gb,
      );
      expect(outline(items)).toEqual(['Today', 'ann', 'ann', 'ann', '+ann']);
    });

    it('breaks groups at a new day, even a minute apart', () => {
      const items = buildTimeline(
        [message('ann', '2026-12-02T23:59:30Z'), message('ann', '2026-12-03T00:00:30Z')],
        gb,
      );
      expect(outline(items)).toEqual(['Yesterday', 'ann', 'Today', 'ann']);
    });

    it('takes another time window', () => {
      const messages = [
        message('ann', '2026-12-03T10:00:00Z'),
        message('ann', '2026-12-03T10:00:40Z'),
      ];
      expect(outline(buildTimeline(messages, { ...gb, groupWithinMs: 30_000 }))).toEqual([
        'Today',
        'ann',
        'ann',
      ]);
    });
  });

  it('keeps keys from the date and the message id when older messages come in', () => {
    const recent = [message('ann', '2026-12-03T10:00:00Z'), message('bob', '2026-12-03T10:01:00Z')];
    const first = buildTimeline(recent, gb);
    expect(first.map((item) => item.key)).toEqual([
      'day-2026-12-03',
      `message-${recent[0].id}`,
      `message-${recent[1].id}`,
    ]);
    const older = message('bob', '2026-12-03T09:00:00Z');
    const second = buildTimeline([older, ...recent], gb);
    expect(second.map((item) => item.key)).toEqual([
      'day-2026-12-03',
      `message-${older.id}`,
      ...first.slice(1).map((item) => item.key),
    ]);
  });

  it('keeps keys unique when a day comes back in out-of-order input', () => {
    const items = buildTimeline(
      [
        message('ann', '2026-12-02T10:00:00Z'),
        message('ann', '2026-12-03T10:00:00Z'),
        message('ann', '2026-12-02T11:00:00Z'),
      ],
      gb,
    );
    const keys = items.map((item) => item.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  describe('on a few thousand messages', () => {
    const start = Date.parse('2026-11-01T00:00:00Z');
    const messages = Array.from({ length: 5000 }, (_, i) =>
      message(i % 3 ? 'ann' : 'bob', new Date(start + i * 7 * 60_000).toISOString()),
    );
    const RealDateTimeFormat = Intl.DateTimeFormat;
    afterEach(() => {
      Intl.DateTimeFormat = RealDateTimeFormat;
    });

    it('makes a handful of formatters, not one per message or day', () => {
      let made = 0;
      Intl.DateTimeFormat = class extends RealDateTimeFormat {
        constructor(...args: ConstructorParameters<typeof RealDateTimeFormat>) {
          super(...args);
          made++;
        }
      } as typeof Intl.DateTimeFormat;
      const options = { now, locale: 'en-AU', timeZone: 'Australia/Adelaide' };
      const items = buildTimeline(messages, options);
      expect(items.filter((item) => item.kind === 'day')).toHaveLength(25);
      expect(made).toBeLessThanOrEqual(3);
      buildTimeline(messages, options);
      expect(made).toBeLessThanOrEqual(3); // and none again for the next render
    });

    it('builds them quickly', () => {
      const options = { now, locale: 'en-GB', timeZone: 'Europe/Berlin' };
      buildTimeline(messages, options);
      const started = performance.now();
      buildTimeline(messages, options);
      expect(performance.now() - started).toBeLessThan(500);
    });
  });
});

describe('timeOfDay and fullDateTime', () => {
  const iso = '2026-11-27T13:32:05Z';

  it('write the local time as the locale does', () => {
    expect(timeOfDay(iso, 'en-GB', 'Europe/Berlin')).toBe('14:32');
    expect(timeOfDay(iso, 'en-US', 'UTC')).toBe('1:32 PM');
    expect(fullDateTime(iso, 'en-GB', 'Europe/Berlin')).toBe(
      'Friday, 27 November 2026 at 14:32:05',
    );
  });

  it('use the user’s locale and time zone by default', () => {
    expect(timeOfDay(iso)).toBe(
      new Date(iso).toLocaleTimeString(undefined, { timeStyle: 'short' }),
    );
    expect(fullDateTime(iso)).toBe(
      new Date(iso).toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'medium' }),
    );
  });

  it('give nothing for a date that is not one', () => {
    expect(timeOfDay('soon')).toBe('');
    expect(fullDateTime('')).toBe('');
  });
});
