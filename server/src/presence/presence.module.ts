import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RedisConnections } from '../redis/redis-connections';
import { RoomsModule } from '../rooms/rooms.module';
import { InMemoryPresence, Presence } from './presence';
import { RedisPresence } from './redis-presence';
import { TypingController } from './typing.controller';

@Global()
@Module({
  imports: [RoomsModule],
  controllers: [TypingController],
  providers: [
    {
      provide: Presence,
      inject: [APP_CONFIG, { token: RedisConnections, optional: true }],
      useFactory: (config: AppConfig, redis?: RedisConnections) =>
        redis ? new RedisPresence(redis, config) : new InMemoryPresence(config),
    },
  ],
  exports: [Presence],
})
export class PresenceModule {}
