import { Controller, Get, Optional, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/decorators/public.decorator';
import { singleFlight } from '../common/single-flight';
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
  // One probe at a time: checks during a long wait join it rather than queue more.
  private readonly databaseProbe = singleFlight(() => succeeds(this.dataSource.query('SELECT 1')));
  private readonly redisProbe = singleFlight(() => succeeds(this.redis!.commands.ping()));

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
          withinTimeout(this.databaseProbe()),
          this.redis && withinTimeout(this.redisProbe()),
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
}

function succeeds(work: Promise<unknown>): Promise<boolean> {
  return work.then(
    () => true,
    () => false,
  );
}

/** 'ok' when the probe succeeds within CHECK_TIMEOUT_MS. */
async function withinTimeout(probe: Promise<boolean>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(resolve, CHECK_TIMEOUT_MS, false);
  });
  try {
    return (await Promise.race([probe, timeout])) ? 'ok' : 'unavailable';
  } finally {
    clearTimeout(timer);
  }
}
