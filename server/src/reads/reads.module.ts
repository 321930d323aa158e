import { Module } from '@nestjs/common';
import { RoomsModule } from '../rooms/rooms.module';
import { ReadPositions } from './read-positions';
import { ReadsController } from './reads.controller';
import { ReadsService } from './reads.service';

@Module({
  imports: [RoomsModule],
  controllers: [ReadsController],
  providers: [ReadPositions, ReadsService],
  exports: [ReadPositions],
})
export class ReadsModule {}
