import { Message } from '../../../core/api/api-types';

/** A separator before the first message of a calendar day. */
export interface TimelineDay {
  readonly kind: 'day';
  readonly key: string;
  /** "Today", "Yesterday" or a date such as "Friday 27 November" (with the year if not this year). */
  readonly label: string;
  /** yyyy-mm-dd in the time zone shown. */
  readonly date: string;
}

/** A message; `continued` when it shares the header of the message just before it. */
export interface TimelineMessage {
  readonly kind: 'message';
  readonly key: string;
  readonly message: Message;
  readonly continued: boolean;
}

export type TimelineItem = TimelineDay | TimelineMessage;

export interface TimelineOptions {
  now: Date;
  /** A BCP 47 locale; the runtime's (the user's) by default. */
  locale?: string;
  /** An IANA time zone; the runtime's (the user's) by default. */
  timeZone?: string;
  /** The longest gap between two messages of one author that still share a header. */
  groupWithinMs?: number;
}

const FIVE_MINUTES = 5 * 60_000;
/** Time zones shift by whole quarter hours at quarter-hour instants: a quarter keeps its day. */
const QUARTER_HOUR = 15 * 60_000;

/**
 * The messages (oldest first) with a separator before each local calendar day, each
 * message marked `continued` when it follows one of the same author, the same day,
 * within `groupWithinMs`, neither deleted. Keys follow the date and the message id.
 */
export function buildTimeline(
  messages: readonly Message[],
  options: TimelineOptions,
): TimelineItem[] {
  const { now, locale, timeZone, groupWithinMs = FIVE_MINUTES } = options;
  const today = calendarDate(now.getTime(), timeZone);
  const yesterday = previousDate(today);
  const items: TimelineItem[] = [];
  let last: TimelineMessage | undefined;
  let lastTime = NaN;
  let lastDate = '';
  let quarter = NaN;
  const days = new Set<string>();
  for (const message of messages) {
    const time = Date.parse(message.createdAt);
    // Most messages fall in the quarter hour of the one before: no need to ask Intl again.
    if (Math.floor(time / QUARTER_HOUR) !== quarter) {
      quarter = Math.floor(time / QUARTER_HOUR);
      if (!Number.isNaN(time)) {
        const date = calendarDate(time, timeZone);
        if (date !== lastDate) {
          const label =
            date === today || date === yesterday
              ? relativeDay(date === today ? 0 : -1, locale)
              : dayLabel(time, date.slice(0, 4) !== today.slice(0, 4), locale, timeZone);
          // Out of order input could bring a day back: its key must still be unique.
          const key = days.has(date) ? `day-${date}-${message.id}` : `day-${date}`;
          days.add(date);
          items.push({ kind: 'day', key, label, date });
          last = undefined;
          lastDate = date;
        }
      }
    }
    const continued =
      last !== undefined &&
      message.username === last.message.username &&
      !message.deleted &&
      !last.message.deleted &&
      Math.abs(time - lastTime) <= groupWithinMs;
    last = { kind: 'message', key: `message-${message.id}`, message, continued };
    lastTime = time;
    items.push(last);
  }
  return items;
}

/** The local time of day, short: "14:32" or "2:32 PM" as the locale writes it. */
export function timeOfDay(iso: string, locale?: string, timeZone?: string): string {
  return format('time', iso, locale, timeZone);
}

/** The full local date and time, for a tooltip: "Friday 27 November 2026 at 14:32:05". */
export function fullDateTime(iso: string, locale?: string, timeZone?: string): string {
  return format('full', iso, locale, timeZone);
}

const FORMATS = {
  date: { year: 'numeric', month: '2-digit', day: '2-digit' },
  day: { weekday: 'long', day: 'numeric', month: 'long' },
  dayOfYear: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
  time: { timeStyle: 'short' },
  full: { dateStyle: 'full', timeStyle: 'medium' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

/** Formatters are costly to make and reused for every message: one per kind, locale and zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(
  kind: keyof typeof FORMATS,
  locale: string | undefined,
  timeZone: string | undefined,
): Intl.DateTimeFormat {
  const key = `${kind} ${locale ?? ''} ${timeZone ?? ''}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { ...FORMATS[kind], timeZone });
    formatters.set(key, found);
  }
  return found;
}

function format(
  kind: 'time' | 'full',
  iso: string,
  locale: string | undefined,
  timeZone: string | undefined,
): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : formatter(kind, locale, timeZone).format(time);
}

/** yyyy-mm-dd of an instant in the time zone. */
function calendarDate(time: number, timeZone: string | undefined): string {
  const parts = formatter('date', 'en-US-u-ca-gregory-nu-latn', timeZone).formatToParts(time);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

/** The calendar day before a yyyy-mm-dd date. */
function previousDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day - 1)).toISOString().slice(0, 10);
}

const relativeFormatters = new Map<string, Intl.RelativeTimeFormat>();

/** "Today" or "Yesterday", in the locale's words. */
function relativeDay(days: 0 | -1, locale: string | undefined): string {
  let found = relativeFormatters.get(locale ?? '');
  if (!found) {
    found = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    relativeFormatters.set(locale ?? '', found);
  }
  const words = found.format(days, 'day');
  return words.charAt(0).toLocaleUpperCase(locale) + words.slice(1);
}

function dayLabel(
  time: number,
  withYear: boolean,
  locale: string | undefined,
  timeZone: string | undefined,
): string {
  return formatter(withYear ? 'dayOfYear' : 'day', locale, timeZone).format(time);
}
