import { ArgumentsHost, Catch, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';
import { isDatabaseUnavailable, sendDatabaseUnavailable } from './database-unavailable';

/** A busy or unreachable database is 503 with Retry-After; every other error goes on to Nest. */
@Catch()
export class DatabaseUnavailableFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('Database');

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (!isDatabaseUnavailable(exception) || host.getType() !== 'http') {
      super.catch(exception, host);
      return;
    }
    this.logger.warn(`Answered 503: ${String(exception)}`);
    sendDatabaseUnavailable(host.switchToHttp().getResponse<Response>());
  }
}
