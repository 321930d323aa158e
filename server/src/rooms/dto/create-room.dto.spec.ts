import { describe, expect, it } from 'vitest';
import { checkDto } from '../../../test/helpers/validate-dto';
import { CreateRoomDto } from './create-room.dto';

describe('CreateRoomDto', () => {
  it('accepts a name alone (the slug is derived later)', async () => {
    const { dto, errors } = await checkDto(CreateRoomDto, { name: 'Off Topic' });
    expect(errors).toEqual({});
    expect(dto.name).toBe('Off Topic');
    expect(dto.slug).toBeUndefined();
  });

  it('trims the name', async () => {
    const { dto, errors } = await checkDto(CreateRoomDto, { name: `  ${'n'.repeat(64)}\t ` });
    expect(errors).toEqual({});
    expect(dto.name).toBe('n'.repeat(64));
  });

  it.each(['off-topic', 'a', 'room-2', 'x'.repeat(50), 'a1-b2-c3'])(
    'accepts the slug %j',
    async (slug) => {
      const { dto, errors } = await checkDto(CreateRoomDto, { name: 'Room', slug });
      expect(errors).toEqual({});
      expect(dto.slug).toBe(slug);
    },
  );

  it.each([
    ['an empty name', { name: '' }, 'name', 'isLength'],
    ['a blank name', { name: '   ' }, 'name', 'isLength'],
    ['a name of zero-width characters', { name: '\u200b\u200d' }, 'name', 'isNotBlank'],
    ['a name of Hangul fillers', { name: '\u3164\u3164' }, 'name', 'isNotBlank'],
    ['a 65-character name', { name: 'n'.repeat(65) }, 'name', 'isLength'],
    ['a numeric name', { name: 42 }, 'name', 'isString'],
    ['no name', { slug: 'general' }, 'name', 'isString'],
    ['an upper-case slug', { name: 'Room', slug: 'Off-Topic' }, 'slug', 'matches'],
    ['a slug with a double dash', { name: 'Room', slug: 'off--topic' }, 'slug', 'matches'],
    ['a slug with a leading dash', { name: 'Room', slug: '-topic' }, 'slug', 'matches'],
    ['a slug with a trailing dash', { name: 'Room', slug: 'topic-' }, 'slug', 'matches'],
    ['a slug with a space', { name: 'Room', slug: 'off topic' }, 'slug', 'matches'],
    ['an empty slug', { name: 'Room', slug: '' }, 'slug', 'matches'],
    ['a 51-character slug', { name: 'Room', slug: 'x'.repeat(51) }, 'slug', 'maxLength'],
    ['a numeric slug', { name: 'Room', slug: 7 }, 'slug', 'isString'],
    ['an unknown field', { name: 'Room', private: true }, 'private', 'whitelistValidation'],
  ])('refuses %s', async (_, body, property, rule) => {
    const { errors } = await checkDto(CreateRoomDto, body);
    expect(Object.keys(errors)).toEqual([property]);
    expect(errors[property]).toContain(rule);
  });
});
