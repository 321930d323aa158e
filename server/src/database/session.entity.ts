import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

const epochMs = { to: (value: number) => value, from: (value: string | number) => Number(value) };

/** One express-session session; see TypeormSessionStore. */
@Entity('sessions')
export class Session {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  id!: string;

  /** Milliseconds since the epoch; expired rows are ignored and pruned. */
  @Index('IDX_sessions_expires_at')
  @Column({ type: 'bigint', transformer: epochMs })
  expiresAt!: number;

  /** The session as JSON. */
  @Column({ type: 'text' })
  data!: string;
}
