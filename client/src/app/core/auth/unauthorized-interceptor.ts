import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { SessionStore } from './session-store';

/**
 * Calls whose 401 means "wrong credentials" or "nobody yet", not "your session
 * ended" (and logout, whose caller goes to the login page anyway).
 */
const EXPECTED_401 = ['/api/auth/me', '/api/auth/login', '/api/auth/logout'];

/**
 * Every call says which user the page shows (X-Chat-User): a tab left open after
 * another login in this browser (the cookie is shared) is refused, not taken for the
 * new user. A 401 from any call but those above: the session ended elsewhere (another
 * tab logged out or in, it expired), so say so on the login page, then come back
 * after logging in again.
 */
export const unauthorizedInterceptor: HttpInterceptorFn = (request, next) => {
  const session = inject(SessionStore);
  const router = inject(Router);
  const user = session.user();
  if (user) request = request.clone({ setHeaders: { 'X-Chat-User': String(user.id) } });
  return next(request).pipe(
    catchError((error: unknown) => {
      if (
        error instanceof HttpErrorResponse &&
        error.status === 401 &&
        !EXPECTED_401.includes(request.url)
      ) {
        session.forget({ elsewhere: true });
        const onAuthPage = /^\/(login|signup)\b/.test(router.url);
        void router.navigate(['/login'], { queryParams: onAuthPage ? {} : { next: router.url } });
      }
      return throwError(() => error);
    }),
  );
};
