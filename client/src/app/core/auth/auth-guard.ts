import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { SessionStore } from './session-store';

/** Logged-out visitors go to the login page, and come back here afterwards. */
export const authGuard: CanActivateFn = (_, state) => {
  if (inject(SessionStore).loggedIn()) return true;
  return inject(Router).createUrlTree(['/login'], { queryParams: { next: state.url } });
};
