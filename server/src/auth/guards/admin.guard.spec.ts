import { ForbiddenException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { fakeHttpContext } from '../../../test/helpers/fake-execution-context';
import { AdminGuard } from './admin.guard';

describe('AdminGuard', () => {
  const guard = new AdminGuard();

  it('lets an admin through', () => {
    const request = { user: { id: 1, username: 'root', isAdmin: true } };
    expect(guard.canActivate(fakeHttpContext(request))).toBe(true);
  });

  it.each([
    ['a user who is not an admin', { user: { id: 2, username: 'bob', isAdmin: false } }],
    ['a user without the flag', { user: { id: 3, username: 'eve' } }],
    ['a request without a user', {}],
  ])('refuses %s with ForbiddenException', (_, request) => {
    const context = fakeHttpContext(request);
    expect(() => guard.canActivate(context)).toThrow(ForbiddenException);
    expect(() => guard.canActivate(context)).toThrow('Only admins can do this');
  });
});
