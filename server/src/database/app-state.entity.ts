import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Small facts about this installation, one row each, such as which user was the first. */
@Entity('app_state')
export class AppState {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ type: 'varchar', length: 255 })
  value!: string;
}
