import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { UsersService } from '../users/users.service';
import { toUserView, UserView } from '../users/user.view';

export const INVALID_CREDENTIALS = 'Invalid username or password';

@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy) {
  constructor(private readonly users: UsersService) {
    super();
  }

  async validate(username: string, password: string): Promise<UserView> {
    const user = await this.users.verifyCredentials(username, password);
    // One message for an unknown name and a wrong password: names can't be probed.
    if (!user) throw new UnauthorizedException(INVALID_CREDENTIALS);
    return toUserView(user);
  }
}
