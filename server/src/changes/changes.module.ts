import { Global, Module } from '@nestjs/common';
import { RedisConnections } from '../redis/redis-connections';
import { ChangeSignals, InProcessChangeSignals } from './change-signals';
import { RedisChangeSignals } from './redis-change-signals';
import { RoomHeads } from './room-heads';

/** What writers publish and what the sync poll reads instead of the database. */
@Global()
@Module({
  providers: [
    {
      provide: ChangeSignals,
      inject: [{ token: RedisConnections, optional: true }],
      useFactory: (redis?: RedisConnections) =>
        redis ? new RedisChangeSignals(redis) : new InProcessChangeSignals(),
    },
    RoomHeads,
  ],
  exports: [ChangeSignals, RoomHeads],
})
export class ChangesModule {}
