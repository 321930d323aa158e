import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { UserView } from '../../users/user.view';

/** The logged-in user (`req.user`), as restored from the session. */
export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): UserView =>
    context.switchToHttp().getRequest<Request>().user as UserView,
);
