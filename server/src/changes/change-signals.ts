import { Injectable } from '@nestjs/common';

/** Something committed that the in-memory views of the database must learn. */
export type ChangeSignal =
  /** A room's head moved: a message was sent, edited or deleted. */
  | { kind: 'room-advanced'; roomId: number; seq: number }
  | { kind: 'room-created'; room: { id: number; slug: string; name: string; lastSeq: number } }
  /** A user's read position in a room moved forward. */
  | { kind: 'read-moved'; userId: number; roomId: number; seq: number }
  /** A user became an admin: their sessions on every instance are an admin's from now. */
  | { kind: 'user-promoted'; userId: number }
  /**
   * Signals may have been missed (another instance's, while the channel was
   * reconnecting): the in-memory views reload from the database. Never shared.
   */
  | { kind: 'resync' };

/**
 * How writers tell the caches (room heads, read positions, admins) what they
 * committed. One instance: in-process. Several share a channel
 * (RedisChangeSignals), so every cache stays right whichever instance wrote.
 */
export abstract class ChangeSignals {
  abstract publish(signal: ChangeSignal): void;
  abstract subscribe(listener: (signal: ChangeSignal) => void): void;
}

@Injectable()
export class InProcessChangeSignals extends ChangeSignals {
  private readonly listeners: ((signal: ChangeSignal) => void)[] = [];

  publish(signal: ChangeSignal): void {
    this.deliver(signal);
  }

  protected deliver(signal: ChangeSignal): void {
    for (const listener of this.listeners) listener(signal);
  }

  subscribe(listener: (signal: ChangeSignal) => void): void {
    this.listeners.push(listener);
  }
}
