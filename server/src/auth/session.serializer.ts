import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import { UsersService } from '../users/users.service';
import { toUserView, UserView } from '../users/user.view';

type Done<T> = (error: unknown, value?: T | false) => void;

/** The session keeps only the user id; the user is loaded on each request. */
@Injectable()
export class SessionSerializer extends PassportSerializer implements OnApplicationShutdown {
  private closed = false;

  constructor(private readonly users: UsersService) {
    super();
  }

  serializeUser(user: UserView, done: Done<{ id: number }>): void {
    if (this.closed) return done('pass');
    done(null, { id: user.id });
  }

  deserializeUser(payload: { id: number }, done: Done<UserView>): void {
    if (this.closed) return done('pass');
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
