import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, Observable } from 'rxjs';
import { User } from './api-types';

export interface Credentials {
  username: string;
  password: string;
}

@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);

  me(): Observable<User> {
    return this.http.get<{ user: User }>('/api/auth/me').pipe(map((body) => body.user));
  }

  signup(credentials: Credentials): Observable<User> {
    return this.http
      .post<{ user: User }>('/api/auth/signup', credentials)
      .pipe(map((body) => body.user));
  }

  login(credentials: Credentials): Observable<User> {
    return this.http
      .post<{ user: User }>('/api/auth/login', credentials)
      .pipe(map((body) => body.user));
  }

  logout(): Observable<void> {
    return this.http.post<void>('/api/auth/logout', null);
  }
}
