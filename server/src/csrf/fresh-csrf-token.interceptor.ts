import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable, tap } from 'rxjs';
import { issueCsrfToken } from './csrf';

/** After login, sign-up and logout the session is new, and so must the CSRF token be. */
@Injectable()
export class FreshCsrfTokenInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    return next
      .handle()
      .pipe(
        tap(() => issueCsrfToken(http.getRequest<Request>(), http.getResponse<Response>(), true)),
      );
  }
}
