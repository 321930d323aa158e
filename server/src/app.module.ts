import { DynamicModule, Module } from '@nestjs/common';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { AuthModule } from './auth/auth.module';
import { ClientModule } from './client/client.module';
import { CsrfModule } from './csrf/csrf.module';
import { DatabaseModule } from './database/database.module';
import { HealthController } from './health/health.controller';
import { HttpDrain } from './http/http-drain';
import { ChangesModule } from './changes/changes.module';
import { MessagesModule } from './messages/messages.module';
import { SEND_THROTTLER } from './messages/send-throttler.guard';
import { PresenceModule } from './presence/presence.module';
import { ReadsModule } from './reads/reads.module';
import { RedisConnections } from './redis/redis-connections';
import { RedisModule } from './redis/redis.module';
import { SyncModule } from './sync/sync.module';
import { RoomsModule } from './rooms/rooms.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  /** The whole app for one validated configuration (production and tests alike). */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule,
        CsrfModule,
        ThrottlerModule.forRootAsync({
          inject: [{ token: RedisConnections, optional: true }],
          useFactory: (redis?: RedisConnections) => ({
            throttlers: [
              // Login and sign-up (AuthThrottlerGuard): per route and client address.
              { ttl: config.authRateLimit.windowMs, limit: config.authRateLimit.limit },
              // Sending messages (SendThrottlerGuard): per user.
              {
                name: SEND_THROTTLER,
                ttl: config.sendRateLimit.windowMs,
                limit: config.sendRateLimit.limit,
              },
            ],
            // Counted in Redis when instances share it, so N instances don't allow N times the limit.
            storage: redis && new ThrottlerStorageRedisService(redis.commands),
          }),
        }),
        ChangesModule,
        PresenceModule,
        UsersModule,
        AuthModule,
        RoomsModule,
        MessagesModule,
        ReadsModule,
        SyncModule,
        ClientModule.forRoot(config.clientDir),
      ],
      controllers: [HealthController],
      // Graceful shutdown of the HTTP server, before the database closes.
      providers: [HttpDrain],
    };
  }
}
