/**
 * The rules of the chat's input, stated once: the server's DTOs enforce them and the
 * client's forms check them as people type (the client imports this file, as e2e
 * imports the client's wire types). Plain TypeScript with no imports, so that both
 * builds take it; it lives under server/src because the server's build only compiles
 * files there.
 *
 * Lengths are counted by textLength, as the server's validators count them.
 */

/** Sign-up: 3 to 32 of letters, digits, ".", "_" and "-". */
export const USERNAME_MIN_LENGTH = 3;
export const USERNAME_MAX_LENGTH = 32;
export const USERNAME_PATTERN = /^[A-Za-z0-9._-]+$/;

/** Sign-up: 8 to 128 characters, not only digits. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
/** Matches a password that is not only digits. */
export const PASSWORD_PATTERN = /\D/;

/** Login only caps what it reads: a name or password outside the sign-up rules is just wrong. */
export const LOGIN_USERNAME_MAX_LENGTH = 64;
export const LOGIN_PASSWORD_MAX_LENGTH = 1024;

/** A room's name, after trimming: 1 to 64 characters that show something (not blank). */
export const ROOM_NAME_MAX_LENGTH = 64;

/** A room's slug: lowercase letters and digits, in groups joined by single dashes. */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const SLUG_MAX_LENGTH = 50;

/** A message, after trimming: at most 4000 characters that show something (not blank). */
export const MESSAGE_MAX_LENGTH = 4000;

/** Messages in a page when `limit` is absent: the latest on entering a room, and each page of history. */
export const DEFAULT_PAGE = 25;
/** The most messages one list answers: a poll's batch (`after`), and the largest `limit`. */
export const MAX_PAGE = 100;

/**
 * A text's length as the server counts it (class-validator's Length and MaxLength,
 * that is validator.js's isLength): in code points, not UTF-16 units, so an emoji
 * like "😀" counts 1; and a presentation selector (U+FE0E, U+FE0F) after a
 * character is not counted apart, so "❤️" counts 1 too.
 */
export function textLength(text: string): number {
  // Without the `u` flag, as validator.js: these match UTF-16 units.
  const selectors = text.match(/[^\uFE0E\uFE0F][\uFE0E\uFE0F]/g)?.length ?? 0;
  const surrogatePairs = text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0;
  return text.length - selectors - surrogatePairs;
}

/**
 * Whitespace and characters that draw nothing (zero-width spaces and joiners, soft
 * hyphens, Hangul fillers, variation selectors, tags: Unicode's default-ignorables),
 * plus controls and the blank braille pattern.
 */
const INVISIBLE_ONLY = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}\u2800]*$/u;

/** Whether a reader would see nothing at all: such a message or room name is refused. */
export function isBlank(text: string): boolean {
  return INVISIBLE_ONLY.test(text);
}
