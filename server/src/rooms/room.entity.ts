import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('rooms')
export class Room {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 50, unique: true })
  slug!: string;

  @Column()
  createdAt!: Date;

  /**
   * The room's head: the seq of its latest change. Advanced only by the database's
   * triggers on `messages`; read through RoomHeads, not from a cached Room.
   */
  @Column({ type: 'integer', default: 0 })
  lastSeq!: number;
}
