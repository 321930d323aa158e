import { computed, inject, Injectable, signal } from '@angular/core';
import { firstValueFrom, Observable, tap } from 'rxjs';
import { AuthApi, Credentials } from '../api/auth-api';
import { User } from '../api/api-types';

/** Who is logged in, for the whole app. */
@Injectable({ providedIn: 'root' })
export class SessionStore {
  private readonly api = inject(AuthApi);
  private readonly current = signal<User | null>(null);

  readonly user = this.current.asReadonly();
  readonly loggedIn = computed(() => this.current() !== null);

  /** Asks the server once at start-up; a 401 just means nobody is logged in. */
  async load(): Promise<void> {
    try {
      this.current.set(await firstValueFrom(this.api.me()));
    } catch {
      this.current.set(null);
    }
  }

  login(credentials: Credentials): Observable<User> {
    return this.api.login(credentials).pipe(tap((user) => this.current.set(user)));
  }

  signup(credentials: Credentials): Observable<User> {
    return this.api.signup(credentials).pipe(tap((user) => this.current.set(user)));
  }

  logout(): Observable<void> {
    return this.api.logout().pipe(tap(() => this.current.set(null)));
  }

  /** The server no longer knows this session (expired, logged out elsewhere). */
  forget(): void {
    this.current.set(null);
  }
}
