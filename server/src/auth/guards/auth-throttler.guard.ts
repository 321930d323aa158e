import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { ThrottlerRequest } from '@nestjs/throttler';
import { SEND_THROTTLER } from '../../messages/send-throttler.guard';

/**
 * Rate limit for login and sign-up (configured in AppModule): counted per route
 * and client address, whatever the outcome. Answers 429 in the API's error shape.
 */
@Injectable()
export class AuthThrottlerGuard extends ThrottlerGuard {
  protected override handleRequest(request: ThrottlerRequest): Promise<boolean> {
    if (request.throttler.name === SEND_THROTTLER) return Promise.resolve(true);
    return super.handleRequest(request);
  }

  protected override throwThrottlingException(): Promise<void> {
    throw new HttpException(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        message: 'Too many attempts: wait a minute and try again',
        error: 'Too Many Requests',
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
