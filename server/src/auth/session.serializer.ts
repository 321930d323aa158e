import { Injectable } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import { AdminRoster } from '../users/admin-roster';
import { toUserView, UserView } from '../users/user.view';

type Done<T> = (error: unknown, value?: T | false) => void;

/**
 * The session keeps the small user record ({id, username, isAdmin}), so a request
 * (every poll) needs no user query. Users are never renamed or deleted; a user
 * promoted since the login is an admin from the promotion on (AdminRoster).
 */
@Injectable()
export class SessionSerializer extends PassportSerializer {
  constructor(private readonly admins: AdminRoster) {
    super();
  }

  serializeUser(user: UserView, done: Done<UserView>): void {
    done(null, toUserView(user));
  }

  deserializeUser(payload: Partial<UserView>, done: Done<UserView>): void {
    const isUser = typeof payload.id === 'number' && typeof payload.username === 'string';
    if (!isUser) return done(null, false);
    const user = toUserView(payload as UserView);
    done(null, { ...user, isAdmin: user.isAdmin === true || this.admins.isAdmin(user.id) });
  }
}
