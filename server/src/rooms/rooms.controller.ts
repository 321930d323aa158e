import { Body, Controller, Get, Param, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AdminGuard } from '../auth/guards/admin.guard';
import { CreateRoomDto } from './dto/create-room.dto';
import { toRoomView, RoomView } from './room.view';
import { RoomsService } from './rooms.service';

@ApiTags('rooms')
@Controller('rooms')
export class RoomsController {
  constructor(private readonly rooms: RoomsService) {}

  @Get()
  async list(): Promise<{ rooms: RoomView[] }> {
    return { rooms: (await this.rooms.list()).map(toRoomView) };
  }

  @Get(':slug')
  async get(@Param('slug') slug: string): Promise<{ room: RoomView }> {
    return { room: toRoomView(await this.rooms.getBySlug(slug)) };
  }

  @Post()
  @UseGuards(AdminGuard)
  async create(@Body() dto: CreateRoomDto): Promise<{ room: RoomView }> {
    return { room: toRoomView(await this.rooms.create(dto)) };
  }
}
