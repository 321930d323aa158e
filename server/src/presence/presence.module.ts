import { Global, Module } from '@nestjs/common';
import { RoomsModule } from '../rooms/rooms.module';
import { InMemoryPresence, Presence } from './presence';
import { TypingController } from './typing.controller';

@Global()
@Module({
  imports: [RoomsModule],
  controllers: [TypingController],
  providers: [{ provide: Presence, useClass: InMemoryPresence }],
  exports: [Presence],
})
export class PresenceModule {}
