import { Injectable } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import { toUserView, UserView } from '../users/user.view';

type Done<T> = (error: unknown, value?: T | false) => void;

/**
 * The session keeps the small user record ({id, username, isAdmin}), so a request
 * (every poll) needs no user query. Users are never renamed or deleted; a user
 * promoted to admin becomes one in sessions started after the promotion.
 */
@Injectable()
export class SessionSerializer extends PassportSerializer {
  serializeUser(user: UserView, done: Done<UserView>): void {
    done(null, toUserView(user));
  }

  deserializeUser(payload: Partial<UserView>, done: Done<UserView>): void {
    const isUser = typeof payload.id === 'number' && typeof payload.username === 'string';
    done(null, isUser ? toUserView(payload as UserView) : false);
  }
}
