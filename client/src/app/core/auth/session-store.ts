import { computed, inject, Injectable, signal } from '@angular/core';
import { firstValueFrom, Observable, tap } from 'rxjs';
import { AuthApi, Credentials } from '../api/auth-api';
import { User } from '../api/api-types';
import { takeEarlySync } from '../api/early-sync';

/** Who is logged in, for the whole app. */
@Injectable({ providedIn: 'root' })
export class SessionStore {
  private readonly api = inject(AuthApi);
  private readonly current = signal<User | null>(null);
  private readonly ended = signal(false);

  readonly user = this.current.asReadonly();
  readonly loggedIn = computed(() => this.current() !== null);
  /** The session ended without this tab asking (logged out in another tab, expired). */
  readonly endedElsewhere = this.ended.asReadonly();

  /** Asks the server once at start-up; a 401 just means nobody is logged in. */
  async load(): Promise<void> {
    try {
      this.current.set(await firstValueFrom(this.api.me()));
    } catch {
      this.current.set(null);
    }
  }

  login(credentials: Credentials): Observable<User> {
    return this.api.login(credentials).pipe(tap((user) => this.start(user)));
  }

  signup(credentials: Credentials): Observable<User> {
    return this.api.signup(credentials).pipe(tap((user) => this.start(user)));
  }

  logout(): Observable<void> {
    return this.api.logout().pipe(tap(() => this.forget()));
  }

  /**
   * The server no longer knows this session. `elsewhere`: it ended without this tab
   * asking (expired, logged out in another tab), which the login page then says.
   */
  forget({ elsewhere = false }: { elsewhere?: boolean } = {}): void {
    // A late 401 after this tab's own logout is no news: only a known session can end elsewhere.
    if (!elsewhere) this.ended.set(false);
    else if (this.current() !== null) this.ended.set(true);
    this.current.set(null);
    void takeEarlySync(undefined); // a start-up sync belongs to the session it ran in
  }

  private start(user: User): void {
    this.ended.set(false);
    this.current.set(user);
    void takeEarlySync(undefined);
  }
}
