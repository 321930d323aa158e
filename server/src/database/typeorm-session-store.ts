import { OnModuleDestroy } from '@nestjs/common';
import { SessionData, Store } from 'express-session';
import { LessThan, Repository } from 'typeorm';
import { prepareQuery } from './prepared-query';
import { Session } from './session.entity';

type Callback<T = void> = (error?: unknown, value?: T) => void;

const PRUNE_EVERY_MS = 15 * 60 * 1000;
/** For a session whose cookie has no expiry (express-session always sets one here). */
const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * express-session store on the app's own database, so sessions survive restarts
 * and are shared by every instance. Expired rows are never returned and are
 * deleted every 15 minutes.
 *
 * No `touch`: express-session would call it on every request, a write per poll.
 * A session therefore lasts two weeks from its last change (login), exactly as
 * long as its cookie, which is only re-sent when the session changes.
 */
export class TypeormSessionStore extends Store implements OnModuleDestroy {
  private readonly pruneTimer: NodeJS.Timeout;
  /** Every request with a cookie runs this: built once. */
  private readonly findLive: (values: { id: string; now: number }) => Promise<{ data: string }[]>;

  constructor(private readonly sessions: Repository<Session>) {
    super();
    this.findLive = prepareQuery(['id', 'now'], (p) =>
      sessions
        .createQueryBuilder('session')
        .select('session.data', 'data')
        .where('session.id = :id AND session.expiresAt > :now', p),
    );
    this.pruneTimer = setInterval(() => void this.prune().catch(() => undefined), PRUNE_EVERY_MS);
    this.pruneTimer.unref();
  }

  override get(sid: string, callback: Callback<SessionData | null>): void {
    this.findLive({ id: sid, now: Date.now() }).then(([row]) => {
      const session = row ? parseSession(row.data) : null;
      // A row that is not a session (written by hand, cut short) logs that cookie out.
      if (row && !session) this.destroy(sid);
      callback(undefined, session);
    }, callback);
  }

  override set(sid: string, session: SessionData, callback?: Callback): void {
    const row = { id: sid, expiresAt: this.expiryOf(session), data: JSON.stringify(session) };
    this.sessions.upsert(row, ['id']).then(
      () => callback?.(),
      (error) => callback?.(error),
    );
  }

  override destroy(sid: string, callback?: Callback): void {
    this.sessions.delete({ id: sid }).then(
      () => callback?.(),
      (error) => callback?.(error),
    );
  }

  /** Deletes expired sessions; returns how many. */
  async prune(): Promise<number> {
    const result = await this.sessions.delete({ expiresAt: LessThan(Date.now()) });
    return result.affected ?? 0;
  }

  onModuleDestroy(): void {
    clearInterval(this.pruneTimer);
  }

  private expiryOf(session: SessionData): number {
    const expires = session.cookie?.expires;
    return expires ? new Date(expires).getTime() : Date.now() + DEFAULT_TTL_MS;
  }
}

function parseSession(data: string): SessionData | null {
  try {
    const session: unknown = JSON.parse(data);
    return typeof session === 'object' && session !== null ? (session as SessionData) : null;
  } catch {
    return null;
  }
}
