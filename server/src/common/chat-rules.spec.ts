import { length } from 'class-validator';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDto } from '../../test/helpers/validate-dto';
import { CreateMessageDto } from '../messages/dto/create-message.dto';
import { CreateRoomDto } from '../rooms/dto/create-room.dto';
import { SignupDto } from '../auth/dto/signup.dto';
import { textLength } from './chat-rules';

describe('textLength', () => {
  it.each([
    ['ASCII', 'hello', 5],
    ['an empty text', '', 0],
    ['accented letters, one code point each', 'café', 4],
    ['a letter and its combining accent, two code points', 'e\u0301', 2],
    ['emoji outside the BMP, one each', '😀🎉', 2],
    ['a heart with its emoji presentation selector', '❤️', 1],
    ['an emoji with a presentation selector', '😀\ufe0f', 1],
    ['a family joined by zero-width joiners (5 code points)', '👩‍👩‍👧', 5],
    ['a selector with nothing before it', '\ufe0f', 1],
    ['CJK', '日本語', 3],
  ])('counts %s', (_, text, expected) => {
    expect(textLength(text)).toBe(expected);
  });

  it("counts as the server's validators do, for any text", () => {
    // Any code points (lone surrogates included), mixed with selectors and emoji.
    const anyCodePoint = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
    const tricky = fc.constantFrom('\ufe0e', '\ufe0f', '😀', '❤', '\u200d', '\ud83d', 'a');
    const text = fc.string({ unit: fc.oneof(anyCodePoint, tricky), maxLength: 40 });
    fc.assert(
      fc.property(text, (value) => {
        const counted = textLength(value);
        expect(length(value, counted, counted)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the limits, counted by textLength on both sides', () => {
  it('accepts a message of 4000 emoji and refuses 4001, as the client does', async () => {
    const allowed = '😀'.repeat(4000);
    expect(allowed).toHaveLength(8000);
    expect(textLength(allowed)).toBe(4000);
    expect((await checkDto(CreateMessageDto, { content: allowed })).errors).toEqual({});

    const refused = '😀'.repeat(4001);
    expect(textLength(refused)).toBe(4001);
    expect((await checkDto(CreateMessageDto, { content: refused })).errors).toEqual({
      content: ['maxLength'],
    });
  });

  it('counts a message after trimming', async () => {
    const content = `\n  ${'❤️'.repeat(4000)}  \n`;
    expect(textLength(content.trim())).toBe(4000);
    expect((await checkDto(CreateMessageDto, { content })).errors).toEqual({});
  });

  it('accepts a room name of 64 emoji and refuses 65', async () => {
    expect((await checkDto(CreateRoomDto, { name: '🎉'.repeat(64) })).errors).toEqual({});
    expect((await checkDto(CreateRoomDto, { name: '🎉'.repeat(65) })).errors).toEqual({
      name: ['isLength'],
    });
  });

  it('refuses a password of 4 emoji (8 UTF-16 units) and accepts 8', async () => {
    const short = { username: 'alice', password: '😀'.repeat(4) };
    expect((await checkDto(SignupDto, short)).errors).toEqual({ password: ['isLength'] });
    const enough = { username: 'alice', password: '😀'.repeat(8) };
    expect((await checkDto(SignupDto, enough)).errors).toEqual({});
  });
});
