import type { UserView } from '../users/user.view';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    /** What passport puts in `req.user`: the session's user, never the password hash. */
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends UserView {}
  }
}

export {};
