import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn()
  id!: number;

  /** As the person typed it at sign-up; shown next to their messages. */
  @Column({ type: 'varchar', length: 32 })
  username!: string;

  /** Lower-cased username with a unique index: names are unique regardless of case. */
  @Column({ type: 'varchar', length: 32, unique: true })
  usernameKey!: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'boolean', default: false })
  isAdmin!: boolean;

  @Column()
  createdAt!: Date;
}
