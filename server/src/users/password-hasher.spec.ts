import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password-hasher';

describe('password hasher', () => {
  it('verifies the password a hash was made from', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(hash).not.toContain('correct horse');
    await expect(verifyPassword('correct horse battery', hash)).resolves.toBe(true);
  });

  it('refuses a wrong password', async () => {
    const hash = await hashPassword('correct horse battery');
    await expect(verifyPassword('correct horse batterY', hash)).resolves.toBe(false);
    await expect(verifyPassword('', hash)).resolves.toBe(false);
  });

  it('salts: two hashes of one password differ, and both verify', async () => {
    const [first, second] = await Promise.all([hashPassword('same one'), hashPassword('same one')]);
    expect(first).not.toBe(second);
    await expect(verifyPassword('same one', first)).resolves.toBe(true);
    await expect(verifyPassword('same one', second)).resolves.toBe(true);
  });

  it('handles non-ASCII passwords', async () => {
    const hash = await hashPassword('pässwörd 🔑');
    await expect(verifyPassword('pässwörd 🔑', hash)).resolves.toBe(true);
    await expect(verifyPassword('passwörd 🔑', hash)).resolves.toBe(false);
  });

  describe('with a malformed stored hash', () => {
    let valid: string;
    const parts = () => valid.split('$');

    it.each<[string, () => string]>([
      ['an empty string', () => ''],
      ['plain text', () => 'correct horse battery'],
      ['another scheme', () => ['bcrypt', ...parts().slice(1)].join('$')],
      ['a missing key', () => parts().slice(0, 5).join('$')],
      ['a non-numeric cost', () => ['scrypt', 'abc', ...parts().slice(2)].join('$')],
      [
        'a cost that is not a power of two',
        () => ['scrypt', '1000', ...parts().slice(2)].join('$'),
      ],
      [
        'a cost too big for memory',
        () => ['scrypt', String(2 ** 24), ...parts().slice(2)].join('$'),
      ],
      ['a key of another length', () => [...parts().slice(0, 5), 'c2hvcnQ='].join('$')],
    ])('answers false for %s', async (_, stored) => {
      valid ??= await hashPassword('correct horse battery');
      await expect(verifyPassword('correct horse battery', stored())).resolves.toBe(false);
    });
  });
});
