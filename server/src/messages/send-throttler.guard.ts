import { ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { ThrottlerLimitDetail, ThrottlerRequest } from '@nestjs/throttler';
import type { Request, Response } from 'express';

/** The name of the per-user sending limit among AppModule's throttlers. */
export const SEND_THROTTLER = 'send';

/**
 * Rate limit on sending messages, counted per user (whichever address they send
 * from), every send counted. Answers 429 with Retry-After, like the auth limits.
 */
@Injectable()
export class SendThrottlerGuard extends ThrottlerGuard {
  protected override handleRequest(request: ThrottlerRequest): Promise<boolean> {
    if (request.throttler.name !== SEND_THROTTLER) return Promise.resolve(true);
    return super.handleRequest(request);
  }

  protected override getTracker(request: Request): Promise<string> {
    return Promise.resolve(`user:${request.user!.id}`);
  }

  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire || detail.timeToExpire));
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(seconds));
    throw new HttpException(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        message: `Too many messages: wait ${seconds} s and send again`,
        error: 'Too Many Requests',
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
