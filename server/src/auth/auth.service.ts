import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { UsersService } from '../users/users.service';
import { toUserView, UserView } from '../users/user.view';
import { SignupDto } from './dto/signup.dto';

@Injectable()
export class AuthService {
  constructor(private readonly users: UsersService) {}

  /** Creates the account and logs it in on a new session id. */
  async signUp(dto: SignupDto, request: Request): Promise<UserView> {
    const user = toUserView(await this.users.create(dto.username, dto.password));
    await new Promise<void>((resolve, reject) =>
      request.logIn(user, (error) => (error ? reject(error as Error) : resolve())),
    );
    return user;
  }

  /** Ends the session on the server: its id is deleted from the store and stops working. */
  logOut(request: Request): Promise<void> {
    return new Promise((resolve, reject) =>
      request.logOut((error) => (error ? reject(error as Error) : resolve())),
    );
  }
}
