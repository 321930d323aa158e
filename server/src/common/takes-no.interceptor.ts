import {
  BadRequestException,
  CallHandler,
  ExecutionContext,
  NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';

type Part = 'body' | 'query';

/**
 * For a route that takes no body or no query: anything sent there is refused
 * (400, changing nothing), as the DTOs refuse unknown fields, not silently ignored.
 */
class NoInputInterceptor implements NestInterceptor {
  constructor(private readonly parts: readonly Part[]) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const unexpected = this.parts.flatMap((part) => {
      const value: unknown = request[part];
      if (value === undefined || value === null) return [];
      const names = typeof value === 'object' ? Object.keys(value) : ['(a value)'];
      return names.map((name) => `${part} ${JSON.stringify(name)} should not exist`);
    });
    if (unexpected.length > 0) throw new BadRequestException(unexpected);
    return next.handle();
  }
}

/** The route takes no `body`, or no `query`, or neither. */
export const TakesNo = (...parts: Part[]) => UseInterceptors(new NoInputInterceptor(parts));
