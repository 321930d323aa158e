import { Room } from './room.entity';

export interface RoomView {
  id: number;
  name: string;
  slug: string;
}

export function toRoomView(room: Room): RoomView {
  return { id: room.id, name: room.name, slug: room.slug };
}
