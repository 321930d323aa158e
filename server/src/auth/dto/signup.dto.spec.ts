import { describe, expect, it } from 'vitest';
import { checkDto } from '../../../test/helpers/validate-dto';
import { SignupDto } from './signup.dto';

describe('SignupDto', () => {
  it.each([
    ['the shortest name and password', { username: 'abc', password: 'passwor1' }],
    ['the longest name and password', { username: 'a'.repeat(32), password: 'p'.repeat(128) }],
    ['letters, digits, ".", "_" and "-"', { username: 'A.b_C-9', password: 'correct horse 1' }],
    ['a password with one non-digit', { username: 'alice', password: '1234567x' }],
  ])('accepts %s', async (_, body) => {
    const { dto, errors } = await checkDto(SignupDto, body);
    expect(errors).toEqual({});
    expect(dto).toBeInstanceOf(SignupDto);
    expect({ ...dto }).toEqual(body);
  });

  it.each([
    ['a 2-character name', { username: 'ab', password: 'password1' }, 'username', 'isLength'],
    [
      'a 33-character name',
      { username: 'a'.repeat(33), password: 'password1' },
      'username',
      'isLength',
    ],
    ['a name with a space', { username: 'al ice', password: 'password1' }, 'username', 'matches'],
    ['a name with "@"', { username: 'al@ice', password: 'password1' }, 'username', 'matches'],
    ['a non-ASCII name', { username: 'zoë', password: 'password1' }, 'username', 'matches'],
    ['a numeric name', { username: 12345, password: 'password1' }, 'username', 'isString'],
    ['no name', { password: 'password1' }, 'username', 'isString'],
    ['a 7-character password', { username: 'alice', password: 'passwo1' }, 'password', 'isLength'],
    [
      'a 129-character password',
      { username: 'alice', password: 'p'.repeat(129) },
      'password',
      'isLength',
    ],
    ['an all-digit password', { username: 'alice', password: '1234567890' }, 'password', 'matches'],
    ['no password', { username: 'alice' }, 'password', 'isString'],
    [
      'an isAdmin field',
      { username: 'alice', password: 'password1', isAdmin: true },
      'isAdmin',
      'whitelistValidation',
    ],
  ])('refuses %s', async (_, body, property, rule) => {
    const { errors } = await checkDto(SignupDto, body);
    expect(Object.keys(errors)).toEqual([property]);
    expect(errors[property]).toContain(rule);
  });
});
