import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable, tap } from 'rxjs';
import { CsrfTokens } from './csrf-tokens';

/**
 * Login, sign-up and logout change who the request is (passport regenerates the
 * session): issue the new identity's token in the same response, so the next POST works.
 */
@Injectable()
export class FreshCsrfTokenInterceptor implements NestInterceptor {
  constructor(private readonly tokens: CsrfTokens) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    return next
      .handle()
      .pipe(tap(() => this.tokens.issue(http.getRequest<Request>(), http.getResponse<Response>())));
  }
}
