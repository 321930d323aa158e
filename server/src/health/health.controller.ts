import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/decorators/public.decorator';
import { RETRY_AFTER_SECONDS } from '../database/database-unavailable';
import { HttpDrain } from '../http/http-drain';

/**
 * How long the check waits for the database. The sqlite3 connection is one and
 * runs one statement at a time, so `SELECT 1` can queue behind a write waiting up
 * to the 5 s busy timeout for a lock; a probe must hear back well before then.
 */
const DATABASE_CHECK_TIMEOUT_MS = 1000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  /** The query under way, shared by the checks that come while it waits. */
  private pendingCheck?: Promise<boolean>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly drain: HttpDrain,
  ) {}

  /**
   * 200 while the database answers within a second; 503 with Retry-After when it
   * doesn't, and while the server shuts down, so a load balancer stops sending.
   */
  @Public()
  @Get()
  @ApiOkResponse({ description: '{status: "ok"}: the database answered within a second' })
  @ApiServiceUnavailableResponse({
    description:
      'The database did not answer within a second, or the server is shutting down; with Retry-After',
  })
  async check(@Res({ passthrough: true }) response: Response): Promise<{ status: 'ok' }> {
    const answers = !this.drain.draining && (await this.databaseAnswers());
    if (answers && !this.drain.draining) return { status: 'ok' };
    response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    throw new ServiceUnavailableException(
      this.drain.draining ? 'The server is shutting down' : 'The database does not answer',
    );
  }

  /** Whether `SELECT 1` succeeds within DATABASE_CHECK_TIMEOUT_MS. */
  private async databaseAnswers(): Promise<boolean> {
    // One query at a time: checks during a long wait join it rather than queue more.
    if (!this.pendingCheck) {
      const check = this.dataSource.query('SELECT 1').then(
        () => true,
        () => false,
      );
      this.pendingCheck = check;
      void check.then(() => (this.pendingCheck = undefined));
    }
    const query = this.pendingCheck;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(resolve, DATABASE_CHECK_TIMEOUT_MS, false);
    });
    try {
      return await Promise.race([query, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
