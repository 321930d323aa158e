import { Global, Module } from '@nestjs/common';
import { ChangeSignals, InProcessChangeSignals } from './change-signals';
import { RoomHeads } from './room-heads';

/** What writers publish and what the sync poll reads instead of the database. */
@Global()
@Module({
  providers: [{ provide: ChangeSignals, useClass: InProcessChangeSignals }, RoomHeads],
  exports: [ChangeSignals, RoomHeads],
})
export class ChangesModule {}
