import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ChangeSignals } from '../changes/change-signals';
import { singleFlight } from '../common/single-flight';
import { User } from './user.entity';

/**
 * How often the list is read again: a promotion by the user command (another
 * process, which may have no channel to this one) reaches every session within it.
 */
const RELOAD_EVERY_MS = 5000;

/**
 * Who is an admin now. A session keeps the user's record from the login, so a
 * promotion since is looked up here, in memory: at once through the
 * `user-promoted` signal of any instance, or at the next reload. (Admins are
 * never demoted, so the session's word is only ever added to.)
 */
@Injectable()
export class AdminRoster implements OnModuleInit, OnModuleDestroy {
  private readonly admins = new Set<number>();
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    signals: ChangeSignals,
  ) {
    signals.subscribe((signal) => {
      if (signal.kind === 'user-promoted') this.admins.add(signal.userId);
      if (signal.kind === 'resync') void this.reloadQuietly();
    });
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.reloadQuietly(), RELOAD_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  isAdmin(userId: number): boolean {
    return this.admins.has(userId);
  }

  private async reload(): Promise<void> {
    const rows = await this.dataSource
      .getRepository(User)
      .find({ select: { id: true }, where: { isAdmin: true } });
    // Signals that came during the query are kept: admins only ever get added.
    for (const row of rows) this.admins.add(Number(row.id));
  }

  /**
   * A reload for timers and signals: one at a time, so that on a slow database they
   * don't pile up on the pool; a failed one (the database away) is tried at the next.
   */
  private readonly reloadQuietly = singleFlight(() => this.reload().catch(() => undefined));
}
