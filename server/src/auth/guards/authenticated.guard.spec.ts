import { UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { fakeHttpContext } from '../../../test/helpers/fake-execution-context';
import { IS_PUBLIC, Public } from '../decorators/public.decorator';
import { AuthenticatedGuard } from './authenticated.guard';

class PrivateController {
  guarded(this: void): void {}

  @Public()
  open(this: void): void {}
}

@Public()
class PublicController {
  anything(this: void): void {}
}

/** A request as passport leaves it: `isAuthenticated()` answers whether a user is logged in. */
function requestWith(authenticated: boolean, headers: Record<string, string | string[]> = {}) {
  return {
    isAuthenticated: () => authenticated,
    user: authenticated ? { id: 7, username: 'ann', isAdmin: false } : undefined,
    headers,
  };
}

describe('AuthenticatedGuard', () => {
  const guard = new AuthenticatedGuard(new Reflector());
  const privateRoute = [PrivateController, PrivateController.prototype.guarded] as const;

  it('lets an authenticated request through', () => {
    expect(guard.canActivate(fakeHttpContext(requestWith(true), ...privateRoute))).toBe(true);
  });

  it('refuses an unauthenticated request with UnauthorizedException "Log in first"', () => {
    const context = fakeHttpContext(requestWith(false), ...privateRoute);
    expect(() => guard.canActivate(context)).toThrow(UnauthorizedException);
    expect(() => guard.canActivate(context)).toThrow('Log in first');
  });

  it('lets the request through when the page expects the session’s user', () => {
    const context = fakeHttpContext(requestWith(true, { 'x-chat-user': '7' }), ...privateRoute);
    expect(guard.canActivate(context)).toBe(true);
  });

  it('refuses a page that expects someone else: another tab logged in as another user', () => {
    for (const expected of ['8', '', '07', '7 ', ['7', '7']]) {
      const context = fakeHttpContext(
        requestWith(true, { 'x-chat-user': expected }),
        ...privateRoute,
      );
      expect(() => guard.canActivate(context), JSON.stringify(expected)).toThrow(
        'Logged in as someone else in another tab',
      );
    }
  });

  it('lets anyone through a @Public() route, without asking passport', () => {
    const request = {
      isAuthenticated: () => {
        throw new Error('must not be asked');
      },
    };
    const context = fakeHttpContext(request, PrivateController, PrivateController.prototype.open);
    expect(guard.canActivate(context)).toBe(true);
  });

  it('lets anyone through every route of a @Public() controller', () => {
    const context = fakeHttpContext(
      requestWith(false),
      PublicController,
      PublicController.prototype.anything,
    );
    expect(guard.canActivate(context)).toBe(true);
  });

  it('reads the mark from the handler and its own controller only', () => {
    // The same handler is open under a @Public() controller, and closed under its own.
    const { guarded } = PrivateController.prototype;
    const underPublic = fakeHttpContext(requestWith(false), PublicController, guarded);
    expect(guard.canActivate(underPublic)).toBe(true);
    const underPrivate = fakeHttpContext(requestWith(false), PrivateController, guarded);
    expect(() => guard.canActivate(underPrivate)).toThrow(UnauthorizedException);
    // Its public sibling's mark stayed on the sibling.
    expect(Reflect.getMetadata(IS_PUBLIC, guarded)).toBeUndefined();
  });
});
