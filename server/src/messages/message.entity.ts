import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Room } from '../rooms/room.entity';
import { User } from '../users/user.entity';

/**
 * Written with plain SQL (see messages.service.ts): `seq` and `changeSeq` come from
 * the room's head in the same statement, which the database's triggers advance.
 */
@Entity('messages')
@Index('IDX_messages_room_id', ['roomId', 'id'])
@Index('UQ_messages_room_seq', ['roomId', 'seq'], { unique: true })
@Index('IDX_messages_room_change', ['roomId', 'changeSeq'])
@Index('UQ_messages_user_client', ['userId', 'clientId'], { unique: true })
export class Message {
  /** Ascending and never reused: the `?after=` cursor of the message list. */
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

  /** Erased ("") when the message is deleted. */
  @Column({ type: 'text' })
  content!: string;

  @Column()
  createdAt!: Date;

  /** The room's head when the message was sent: its place in the room (edits take values too). */
  @Column({ type: 'integer', default: 0 })
  seq!: number;

  /** The room's head at the message's latest change (sent, edited or deleted). */
  @Column({ type: 'integer', default: 0 })
  changeSeq!: number;

  @Column({ type: Date, nullable: true })
  editedAt!: Date | null;

  @Column({ type: Date, nullable: true })
  deletedAt!: Date | null;

  /** The sender's own id for the message, which makes a resend harmless. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  clientId!: string | null;

  /** Usernames mentioned, a JSON array (indexed per user in `message_mentions`). */
  @Column({ type: 'text', default: '[]' })
  mentions!: string;
}
