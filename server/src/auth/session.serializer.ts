import { Injectable } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import { UsersService } from '../users/users.service';
import { toUserView, UserView } from '../users/user.view';

type Done<T> = (error: unknown, value?: T | false) => void;

/** The session keeps only the user id; the user is loaded on each request. */
@Injectable()
export class SessionSerializer extends PassportSerializer {
  constructor(private readonly users: UsersService) {
    super();
  }

  serializeUser(user: UserView, done: Done<{ id: number }>): void {
    done(null, { id: user.id });
  }

  deserializeUser(payload: { id: number }, done: Done<UserView>): void {
    this.users.findById(payload.id).then(
      (user) => done(null, user ? toUserView(user) : false),
      (error) => done(error),
    );
  }
}
