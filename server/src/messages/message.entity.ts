import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Room } from '../rooms/room.entity';
import { User } from '../users/user.entity';

@Entity('messages')
@Index('IDX_messages_room_id', ['roomId', 'id'])
export class Message {
  /** Ascending and never reused: the poll cursor (`?after=`) is this id. */
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  roomId!: number;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'roomId' })
  room?: Relation<Room>;

  @Column({ type: 'integer' })
  userId!: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: Relation<User>;

  @Column({ type: 'text' })
  content!: string;

  @Column()
  createdAt!: Date;
}
