import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import { UsersService } from '../users/users.service';
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

  constructor(private readonly users: UsersService) {
    super();
  }

  serializeUser(user: UserView, done: Done<UserView>): void {
    if (this.closed) return done('pass');
    done(null, toUserView(user));
  }

  deserializeUser(payload: { id: number } & Partial<UserView>, done: Done<UserView>): void {
    if (this.closed) return done('pass');
    if (typeof payload.username === 'string') return done(null, toUserView(payload as UserView));
    // A session from before the record was kept in it: look the user up.
    this.users.findById(payload.id).then(
      (user) => done(null, user ? toUserView(user) : false),
      (error) => done(error),
    );
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
