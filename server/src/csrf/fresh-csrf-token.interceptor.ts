import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable, tap } from 'rxjs';
import { issueCsrfToken } from './csrf';

/**
 * Login, sign-up and logout start a new session (passport regenerates it), which
 * has no token yet: issue its token in the same response, so the next POST works.
 */
@Injectable()
export class FreshCsrfTokenInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    return next
      .handle()
      .pipe(tap(() => issueCsrfToken(http.getRequest<Request>(), http.getResponse<Response>())));
  }
}
