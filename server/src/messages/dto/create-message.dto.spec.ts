import { validate } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { checkDto } from '../../../test/helpers/validate-dto';
import { CreateMessageDto } from './create-message.dto';

describe('CreateMessageDto', () => {
  it('accepts a message and trims it', async () => {
    const { dto, errors } = await checkDto(CreateMessageDto, { content: '  hello world \n' });
    expect(errors).toEqual({});
    expect(dto.content).toBe('hello world');
  });

  it('accepts 4000 characters, counted after trimming', async () => {
    const { dto, errors } = await checkDto(CreateMessageDto, { content: ` ${'m'.repeat(4000)} ` });
    expect(errors).toEqual({});
    expect(dto.content).toHaveLength(4000);
  });

  it('takes a clientId as a UUID (lowercased), or none; null and other values are refused', async () => {
    const id = '0B6A7C52-4F7E-4D2A-9A53-2F5F3C1F9E10';
    expect((await checkDto(CreateMessageDto, { content: 'a', clientId: id })).dto.clientId).toBe(
      id.toLowerCase(),
    );
    expect((await checkDto(CreateMessageDto, { content: 'a' })).errors).toEqual({});
    for (const clientId of [null, '', 'not-a-uuid', 42, {}, []]) {
      const { errors } = await checkDto(CreateMessageDto, { content: 'a', clientId });
      expect(Object.keys(errors), JSON.stringify(clientId)).toEqual(['clientId']);
    }
  });

  it('keeps inner line breaks and spaces', async () => {
    const { dto } = await checkDto(CreateMessageDto, { content: 'line 1\n\n  line 2' });
    expect(dto.content).toBe('line 1\n\n  line 2');
  });

  it.each([
    ['an empty message', { content: '' }, 'isNotBlank'],
    ['a blank message', { content: ' \n\t ' }, 'isNotBlank'],
    ['zero-width spaces and joiners', { content: '\u200b\u200c\u200d\u2060\ufeff' }, 'isNotBlank'],
    ['Hangul fillers and a soft hyphen', { content: '\u3164 \u115f\u00ad' }, 'isNotBlank'],
    [
      'variation selectors and tag characters',
      { content: '\ufe0f\u{e0020}\u{e007f}' },
      'isNotBlank',
    ],
    ['the blank braille pattern', { content: '\u2800\u2800' }, 'isNotBlank'],
    ['4001 characters', { content: 'm'.repeat(4001) }, 'maxLength'],
    ['a number', { content: 5 }, 'isString'],
    ['an object', { content: { text: 'hi' } }, 'isString'],
    ['no content', {}, 'isString'],
  ])('refuses %s', async (_, body, rule) => {
    const { errors } = await checkDto(CreateMessageDto, body);
    expect(Object.keys(errors)).toEqual(['content']);
    expect(errors.content).toContain(rule);
  });

  it('says "content must not be blank" for a blank message', async () => {
    const dto = (await checkDto(CreateMessageDto, { content: '   ' })).dto;
    const [failure] = await validate(dto);
    expect(failure.constraints?.isNotBlank).toBe('content must not be blank');
  });

  it.each([
    ['an emoji with its variation selector', '❤️'],
    ['a family emoji joined by zero-width joiners', '👩‍👩‍👧'],
    ['text between zero-width spaces', '\u200bhi\u200b'],
    ['a single dot', '.'],
  ])('accepts %s: something shows', async (_, content) => {
    const { errors } = await checkDto(CreateMessageDto, { content });
    expect(errors).toEqual({});
  });

  it('refuses an unknown field', async () => {
    const { errors } = await checkDto(CreateMessageDto, { content: 'hi', roomId: 3 });
    expect(errors).toEqual({ roomId: ['whitelistValidation'] });
  });
});
