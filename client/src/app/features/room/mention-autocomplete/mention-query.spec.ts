import fc from 'fast-check';
import { USERNAME_PATTERN } from '../../../core/api/chat-rules';
import { mentionCandidates } from '../../../../../../server/src/messages/mentions';
import { insertMention, matchPeople, mentionAt } from './mention-query';

describe('mentionAt', () => {
  const atEnd = (text: string) => mentionAt(text, text.length);

  it('finds the @word ending at the caret, from its @ to the caret', () => {
    expect(atEnd('@')).toEqual({ start: 0, query: '' });
    expect(atEnd('@al')).toEqual({ start: 0, query: 'al' });
    expect(atEnd('hi @al')).toEqual({ start: 3, query: 'al' });
    expect(atEnd('@al @bo')).toEqual({ start: 4, query: 'bo' });
    expect(atEnd('line\n@j.doe_x-9')).toEqual({ start: 5, query: 'j.doe_x-9' });
  });

  it('reads the query up to the caret when the caret is inside the word', () => {
    expect(mentionAt('hi @alice there', 6)).toEqual({ start: 3, query: 'al' });
    expect(mentionAt('hi @alice there', 4)).toEqual({ start: 3, query: '' });
  });

  it('is null when the caret is not in an @word', () => {
    expect(mentionAt('', 0)).toBeNull();
    expect(atEnd('hello')).toBeNull();
    expect(atEnd('hi @al ')).toBeNull();
    expect(atEnd('hi @al\n')).toBeNull();
    expect(mentionAt('hi @al', 3)).toBeNull(); // before the @
    expect(mentionAt('hi @al', 2)).toBeNull();
    expect(atEnd('@al!')).toBeNull();
  });

  it('is null for a caret outside the text', () => {
    expect(mentionAt('@al', -1)).toBeNull();
    expect(mentionAt('@al', 4)).toBeNull();
    expect(mentionAt('@al', 1.5)).toBeNull();
  });

  it('takes an @ at the start, after whitespace or after punctuation', () => {
    for (const before of [' ', '\n', '\t', '(', ',', ':', '"', '!', '/', '😀']) {
      expect(atEnd(`${before}@bo`), JSON.stringify(before)).toEqual({
        start: before.length,
        query: 'bo',
      });
    }
  });

  it('ignores an @ inside an address or a word, whatever its script', () => {
    for (const text of ['a@b', 'mail@example', 'mail@example.com', 'x.@bo', 'x_@bo', 'x-@bo']) {
      expect(atEnd(text), text).toBeNull();
    }
    for (const text of ['@@bo', '9@bo', 'é@bo', 'Grüße@bo', '日本@bo', 'ок@bo']) {
      expect(atEnd(text), text).toBeNull();
    }
    expect(atEnd('Grüße @bo')).toEqual({ start: 6, query: 'bo' });
  });

  it('stops at a character no username holds', () => {
    expect(atEnd('@bö')).toBeNull();
    expect(atEnd('@b o')).toBeNull();
    expect(atEnd('@bo😀')).toBeNull();
  });

  it('takes as name characters exactly those of a username', () => {
    for (let code = 0; code < 128; code++) {
      const char = String.fromCharCode(code);
      expect(atEnd(`@${char}`) !== null, JSON.stringify(char)).toBe(USERNAME_PATTERN.test(char));
    }
  });

  it('agrees with the server on which @ starts a mention', () => {
    const unit = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      fc.constantFrom('@', '.', '_', '-', ' ', 'a', '1', 'é', '😀', '\u0301'),
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 6 }), (prefix) => {
        fc.pre(!/z/i.test(prefix));
        const text = `${prefix}@zz`;
        expect(atEnd(text) !== null).toBe(mentionCandidates(text).includes('zz'));
      }),
    );
  });
});

describe('matchPeople', () => {
  const people = ['bob', 'malory', 'Alan', 'Sal', 'al', 'alice', 'carol'];

  it('puts those the query starts first, then those it is inside, alphabetically in each', () => {
    expect(matchPeople('al', people)).toEqual(['al', 'Alan', 'alice', 'malory', 'Sal']);
  });

  it('ignores case', () => {
    expect(matchPeople('AL', people)).toEqual(matchPeople('al', people));
    expect(matchPeople('bO', people)).toEqual(['bob']);
  });

  it('gives the same order whatever the order of people', () => {
    expect(matchPeople('al', [...people].reverse())).toEqual(matchPeople('al', people));
  });

  it('offers everyone, alphabetically, for an empty query', () => {
    const alphabetical = ['al', 'Alan', 'alice', 'bob', 'carol', 'malory', 'Sal'];
    expect(matchPeople('', people)).toEqual(alphabetical);
  });

  it('gives at most `limit` people, 8 unless told', () => {
    const many = Array.from({ length: 12 }, (_, i) => `user${String(i).padStart(2, '0')}`);
    expect(matchPeople('user', many)).toEqual(many.slice(0, 8));
    expect(matchPeople('al', people, 2)).toEqual(['al', 'Alan']);
    expect(matchPeople('al', people, 0)).toEqual([]);
  });

  it('gives nothing when nobody matches', () => {
    expect(matchPeople('zed', people)).toEqual([]);
    expect(matchPeople('al', [])).toEqual([]);
  });

  it('lists each person once, as first spelled', () => {
    expect(matchPeople('a', ['alice', 'Alice', 'alice', 'ann'])).toEqual(['alice', 'ann']);
  });
});

describe('insertMention', () => {
  it('replaces the @query with @username and one space, the caret after it', () => {
    expect(insertMention('hi @al', 3, 6, 'alice')).toEqual({ text: 'hi @alice ', caret: 10 });
    expect(insertMention('@', 0, 1, 'bob')).toEqual({ text: '@bob ', caret: 5 });
  });

  it('keeps the text after the caret', () => {
    expect(insertMention('@al\nmore', 0, 3, 'alice')).toEqual({
      text: '@alice \nmore',
      caret: 7,
    });
    expect(insertMention('@alx', 0, 3, 'alice')).toEqual({ text: '@alice x', caret: 7 });
  });

  it('reuses a space already after the caret', () => {
    expect(insertMention('hi @al and you', 3, 6, 'alice')).toEqual({
      text: 'hi @alice and you',
      caret: 10,
    });
  });

  it('counts positions in UTF-16 units, as a textarea does', () => {
    const text = '😀 @b';
    expect(insertMention(text, 3, 5, 'bob')).toEqual({ text: '😀 @bob ', caret: 8 });
  });
});
