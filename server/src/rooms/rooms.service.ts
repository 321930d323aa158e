import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ChangeSignals } from '../changes/change-signals';
import { isUniqueViolation } from '../database/unique-violation';
import { CreateRoomDto } from './dto/create-room.dto';
import { Room } from './room.entity';
import { byRoomName } from './room-order';
import { isSlug, slugify } from './slugify';

@Injectable()
export class RoomsService {
  /**
   * Rooms are only ever added, never renamed or deleted, so a room once found
   * stays right on every instance; an unknown slug always asks the database.
   */
  private readonly bySlug = new Map<string, Room>();

  constructor(
    @InjectRepository(Room) private readonly rooms: Repository<Room>,
    private readonly signals: ChangeSignals,
  ) {}

  /** By name as people read it ("apple" before "Zebra", "Éclair" before "Zulu"). */
  async list(): Promise<Room[]> {
    const rooms = await this.rooms.find();
    return rooms.sort(byRoomName);
  }

  async getBySlug(slug: string): Promise<Room> {
    const cached = this.bySlug.get(slug);
    if (cached) return cached;
    // Anything that is not a slug names no room: no query for it (nor a NUL for PostgreSQL).
    const room = isSlug(slug) ? await this.rooms.findOneBy({ slug }) : null;
    if (!room) throw new NotFoundException(`No room "${slug}"`);
    this.bySlug.set(slug, room);
    return room;
  }

  async create(dto: CreateRoomDto): Promise<Room> {
    const slug = dto.slug ?? slugify(dto.name);
    if (!slug) {
      throw new BadRequestException(
        'This name has no letters or digits to make a slug from: give a slug',
      );
    }
    const room = this.rooms.create({ name: dto.name, slug, createdAt: new Date() });
    try {
      await this.rooms.insert(room);
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ConflictException(`A room with the slug "${slug}" exists`);
      throw error;
    }
    const { id, name } = room;
    this.signals.publish({ kind: 'room-created', room: { id, slug, name, lastSeq: 0 } });
    return room;
  }
}
