import transliterate from 'slugify';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from '../common/chat-rules';

/**
 * A URL slug from a room name: "Off Topic!" → "off-topic", "Café" → "cafe",
 * "Straße" → "strasse", "Привет" → "privet". Empty when nothing survives
 * (e.g. "日本"): such a room needs an explicit slug.
 */
export function slugify(name: string): string {
  // NFKC spells ligatures out ("ﬁ" → "fi"); the library spells letters in ASCII
  // ("ß" → "ss"); everything that is not a letter or digit becomes one "-".
  const words = name.normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, ' ');
  return transliterate(words, { lower: true })
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/-$/, '');
}

/** Whether the text has a slug's shape (what a created room's slug must have). */
export function isSlug(text: string): boolean {
  return text.length <= SLUG_MAX_LENGTH && SLUG_PATTERN.test(text);
}
