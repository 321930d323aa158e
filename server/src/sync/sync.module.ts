import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module';
import { ReadsModule } from '../reads/reads.module';
import { RoomsModule } from '../rooms/rooms.module';
import { SyncController } from './sync.controller';
import { SyncService } from './sync.service';
import { UnreadCounts } from './unread-counts';

@Module({
  imports: [RoomsModule, MessagesModule, ReadsModule],
  controllers: [SyncController],
  providers: [SyncService, UnreadCounts],
})
export class SyncModule {}
