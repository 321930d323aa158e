import { Controller, Get, Optional, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/decorators/public.decorator';
import { RETRY_AFTER_SECONDS } from '../database/database-unavailable';
import { HttpDrain } from '../http/http-drain';
import { RedisConnections } from '../redis/redis-connections';

type Check = 'ok' | 'unavailable';

export interface Health {
  status: 'ok';
  database: 'ok';
  /** Only when the instance uses Redis (REDIS_URL). */
  redis?: 'ok';
}

/**
 * How long the check waits for the database or Redis. The sqlite3 connection is one and
 * runs one statement at a time, so `SELECT 1` can queue behind a write waiting up
 * to the 5 s busy timeout for a lock; a probe must hear back well before then.
 */
const CHECK_TIMEOUT_MS = 1000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  /** The probes under way, shared by the checks that come while they wait. */
  private readonly pending = new Map<string, Promise<boolean>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly drain: HttpDrain,
    @Optional() private readonly redis?: RedisConnections,
  ) {}

  /**
   * 200 while the database (and Redis, when used) answer within a second; 503 with
   * Retry-After when one doesn't, and while the server shuts down, so a load
   * balancer stops sending.
   */
  @Public()
  @Get()
  @ApiOkResponse({
    description: '{status: "ok", database: "ok", redis?: "ok"}: each answered within a second',
  })
  @ApiServiceUnavailableResponse({
    description:
      'The database or Redis did not answer within a second, or the server is shutting down; with Retry-After',
  })
  async check(@Res({ passthrough: true }) response: Response): Promise<Health> {
    const [database, redis] = this.drain.draining
      ? []
      : await Promise.all([
          this.probe('database', () => this.dataSource.query('SELECT 1')),
          this.redis && this.probe('redis', () => this.redis!.commands.ping()),
        ]);
    if (!this.drain.draining && database === 'ok' && redis !== 'unavailable') {
      return redis ? { status: 'ok', database, redis } : { status: 'ok', database };
    }
    response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    throw new ServiceUnavailableException(
      this.drain.draining
        ? 'The server is shutting down'
        : database !== 'ok'
          ? 'The database does not answer'
          : 'Redis does not answer',
    );
  }

  /** Whether `run` succeeds within CHECK_TIMEOUT_MS. */
  private async probe(name: string, run: () => Promise<unknown>): Promise<Check> {
    // One probe at a time: checks during a long wait join it rather than queue more.
    let pending = this.pending.get(name);
    if (!pending) {
      pending = run().then(
        () => true,
        () => false,
      );
      this.pending.set(name, pending);
      void pending.then(() => this.pending.delete(name));
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(resolve, CHECK_TIMEOUT_MS, false);
    });
    try {
      return (await Promise.race([pending, timeout])) ? 'ok' : 'unavailable';
    } finally {
      clearTimeout(timer);
    }
  }
}
