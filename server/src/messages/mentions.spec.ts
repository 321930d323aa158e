import { describe, expect, it } from 'vitest';
import { findMentions, mentionCandidates } from './mentions';

const users = new Map([
  ['alice', 'Alice'],
  ['bob.smith', 'bob.smith'],
  ['carol', 'carol'],
]);

describe('mentions', () => {
  it('finds existing users, case-insensitively, each once, in order of appearance', () => {
    expect(findMentions('@carol and @ALICE, then @alice again', users)).toEqual(['carol', 'Alice']);
  });

  it('ignores names that are no user', () => {
    expect(findMentions('@nobody @al', users)).toEqual([]);
  });

  it('drops a sentence full stop or dash after a name, but keeps dots inside one', () => {
    expect(findMentions('thanks @alice. and @bob.smith... -- @carol-', users)).toEqual([
      'Alice',
      'bob.smith',
      'carol',
    ]);
  });

  it('does not read an e-mail address or a doubled @ as a mention', () => {
    expect(findMentions('mail alice@carol or me@@alice', users)).toEqual([]);
  });

  it('lists candidates with and without trailing punctuation, lower-cased', () => {
    expect(mentionCandidates('hi @Alice. @bob_')).toEqual(['alice.', 'alice', 'bob_', 'bob']);
  });
});
