import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import { toUserView, UserView } from '../users/user.view';

type Done<T> = (error: unknown, value?: T | false) => void;

/**
 * The session keeps the small user record ({id, username, isAdmin}), so a request
 * (every poll) needs no user query. Users are never renamed or deleted; a user
 * promoted to admin becomes one in sessions started after the promotion.
 */
@Injectable()
export class SessionSerializer extends PassportSerializer implements OnApplicationShutdown {
  private closed = false;

  serializeUser(user: UserView, done: Done<UserView>): void {
    if (this.closed) return done('pass');
    done(null, toUserView(user));
  }

  deserializeUser(payload: Partial<UserView>, done: Done<UserView>): void {
    if (this.closed) return done('pass');
    const isUser = typeof payload.id === 'number' && typeof payload.username === 'string';
    done(null, isUser ? toUserView(payload as UserView) : false);
  }

  /**
   * passport is one object per process and asks its serializers in the order they
   * were registered. Once this app has shut down, its serializer passes ('pass'),
   * so that an app started later in the same process (tests) is asked instead.
   */
  onApplicationShutdown(): void {
    this.closed = true;
  }
}
