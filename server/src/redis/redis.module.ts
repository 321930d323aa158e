import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RedisConnections } from './redis-connections';

/**
 * Redis, when REDIS_URL is set: what the instances of a deployment share beyond
 * the database. Without it RedisConnections is undefined, and each user of it
 * keeps its state in process.
 */
@Global()
@Module({
  providers: [
    {
      provide: RedisConnections,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        if (!config.redis) return undefined;
        const redis = new RedisConnections(config.redis.url, config.redis.prefix);
        await redis.connect();
        return redis;
      },
    },
  ],
  exports: [RedisConnections],
})
export class RedisModule {}
