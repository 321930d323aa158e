import { User } from './user.entity';

/** A user as the API shows it: never the password hash. */
export interface UserView {
  id: number;
  username: string;
  isAdmin: boolean;
}

export function toUserView(user: Pick<User, 'id' | 'username' | 'isAdmin'>): UserView {
  return { id: user.id, username: user.username, isAdmin: user.isAdmin };
}
