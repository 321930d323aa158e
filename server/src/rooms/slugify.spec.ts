import { describe, expect, it } from 'vitest';
import { SLUG_PATTERN } from '../common/chat-rules';
import { slugify } from './slugify';

describe('slugify', () => {
  it.each([
    ['Off Topic!', 'off-topic'],
    ['Café', 'cafe'],
    ['  --Hello   World--  ', 'hello-world'],
    ['general', 'general'],
    ['Room 42', 'room-42'],
    ['snake_case.name', 'snake-case-name'],
    ['Ünïcödé Çhät', 'unicode-chat'],
    ['Straße', 'strasse'],
    ['Ørsted', 'orsted'],
    ['Привет мир', 'privet-mir'],
    ['ﬁle', 'file'],
    ['a/b', 'a-b'],
    ['Rock & Roll', 'rock-roll'],
  ])('turns %j into %j', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it.each(['!!!', '', '   ', '---', '日本語', '🎉🎉'])(
    'gives "" for %j, which has no letters or digits that survive',
    (name) => {
      expect(slugify(name)).toBe('');
    },
  );

  it('cuts a long name to 50 characters', () => {
    expect(slugify('x'.repeat(80))).toBe('x'.repeat(50));
  });

  it('does not leave a dash where it cuts', () => {
    // The 50th character of "aaa…a-bcd" is the dash.
    const name = `${'a'.repeat(49)} bcd`;
    expect(slugify(name)).toBe('a'.repeat(49));
  });

  it('keeps a dash that is not at the cut', () => {
    const name = `${'a'.repeat(48)} bcd`;
    expect(slugify(name)).toBe(`${'a'.repeat(48)}-b`);
  });

  it('always gives a slug that matches SLUG_PATTERN and fits, or ""', () => {
    // A fixed pseudo-random sequence: the same names on every run.
    const alphabet = [...'aZ09 -_.!?/&éÉüßøæ日😀\t\n', '-'.repeat(3), ' '.repeat(3)];
    let seed = 12345;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 2000; i += 1) {
      const length = next() % 90;
      const name = Array.from({ length }, () => alphabet[next() % alphabet.length]).join('');
      const slug = slugify(name);
      if (slug !== '') {
        expect(slug, JSON.stringify(name)).toMatch(SLUG_PATTERN);
        expect(slug.length, JSON.stringify(name)).toBeLessThanOrEqual(50);
      }
      expect(slugify(slug), JSON.stringify(name)).toBe(slug);
    }
  });
});
