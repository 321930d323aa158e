import fc from 'fast-check';
import { Repeat } from './json-text';

/** Keys that name Object.prototype members, and `prototype`. */
export const PROTOTYPE_KEYS = [
  ...['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'],
  ...['__defineGetter__', '__lookupSetter__', 'isPrototypeOf', 'toLocaleString'],
];

const fromCodePoints = (codes: number[]) =>
  fc.constantFrom(...codes.map((c) => String.fromCodePoint(c)));

/** C0 and C1 controls, DEL. */
export const control = fc
  .oneof(fc.integer({ min: 0, max: 0x1f }), fc.constantFrom(0x7f, 0x85, 0x9f))
  .map((code) => String.fromCharCode(code));

/**
 * Characters that show nothing: zero-width space, non-joiner, joiner, word joiner,
 * BOM, soft hyphen, combining grapheme joiner, Arabic letter mark, Hangul fillers,
 * Khmer vowels, Mongolian vowel separator, direction marks and overrides, invisible
 * operators, a variation selector, tags, a musical-symbol format character.
 */
export const invisible = fromCodePoints([
  0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x00ad, 0x034f, 0x061c, 0x115f, 0x1160, 0x3164, 0xffa0,
  0x17b4, 0x180e, 0x200e, 0x200f, 0x202a, 0x202e, 0x2066, 0x2069, 0x2061, 0xfe0f, 0xe0001, 0xe0041,
  0xe0100, 0x1d173,
]);

/** ASCII and Unicode whitespace, line and paragraph separators included. */
export const space = fromCodePoints([
  0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c, 0xa0, 0x1680, 0x2000, 0x2007, 0x200a, 0x2028, 0x2029, 0x202f,
  0x205f, 0x3000,
]);

/** One half of a surrogate pair alone: not text (JSON can still write it, as `\ud800`). */
export const loneSurrogate = fc
  .integer({ min: 0xd800, max: 0xdfff })
  .map((code) => String.fromCharCode(code));

/** Emoji and ZWJ sequences, combining marks, RTL and other scripts, noncharacters, injection classics. */
export const oddText = fc.constantFrom(
  ...['😀', '👨‍👩‍👧', 'e\u0301', '\u0301', 'Z̤͔ͧ̑̓ä͖̭̈̇', 'שלום', 'مرحبا', 'Straße', '日本', 'ﷺ'],
  ...['\u{10ffff}', '\ufffd', '\ufffe', '\u2800', '<script>alert(1)</script>'],
  ...["'; DROP TABLE users; --", '%s%n', '${x}', '\\', '"', '../', 'null', 'undefined'],
  ...['NaN', '1e309', '__proto__'],
);

const textUnit = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), weight: 4 },
  { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), weight: 2 },
  { arbitrary: invisible, weight: 2 },
  { arbitrary: control, weight: 1 },
  { arbitrary: space, weight: 1 },
  { arbitrary: loneSurrogate, weight: 1 },
  { arbitrary: oddText, weight: 1 },
);

/** Short strings mixing printable, invisible, control, whitespace and lone-surrogate characters. */
export const oddString = fc.string({ unit: textUnit, maxLength: 12 });

/** Non-empty strings with nothing visible in them. */
export const invisibleOnly = fc.string({
  unit: fc.oneof(invisible, space, control),
  minLength: 1,
  maxLength: 6,
});

/** Strings from a few characters to well past the 64 kB body limit, printed short. */
export const hugeString = fc
  .record({
    unit: fc.constantFrom('a', 'é', '😀', '\u200b', ' ', '\ud800', '"', '\\', 'ab '),
    count: fc.oneof(
      fc.integer({ min: 1, max: 200 }),
      fc.integer({ min: 3990, max: 4010 }),
      fc.integer({ min: 20_000, max: 24_000 }),
      fc.integer({ min: 60_000, max: 70_000 }),
    ),
  })
  .map(({ unit, count }) => new Repeat(unit, count));

/** The bytes of `text` as UTF-8, percent-encoded except unreserved ASCII. */
export function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}
