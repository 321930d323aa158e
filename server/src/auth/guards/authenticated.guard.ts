import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { IS_PUBLIC } from '../decorators/public.decorator';

/**
 * The user a page believes is logged in, sent by the client with every call. The
 * session cookie is the browser's, shared by its tabs: after a logout and another
 * login in one tab, a tab left open must not go on writing, reading or marking read
 * as the new user.
 */
export const EXPECTED_USER_HEADER = 'x-chat-user';

/**
 * Global guard: a session is required unless the route is marked `@Public()`, and it
 * must be the session of the user the page expects, when the page says.
 */
@Injectable()
export class AuthenticatedGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<Request>();
    if (!request.isAuthenticated()) throw new UnauthorizedException('Log in first');
    const expected = request.headers?.[EXPECTED_USER_HEADER];
    if (expected !== undefined && expected !== String(request.user?.id)) {
      throw new UnauthorizedException('Logged in as someone else in another tab');
    }
    return true;
  }
}
