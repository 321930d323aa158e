import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { User } from '../api/api-types';
import { SessionStore } from './session-store';

describe('SessionStore', () => {
  let session: SessionStore;
  let httpMock: HttpTestingController;
  const ann: User = { id: 1, username: 'ann', isAdmin: false };
  const credentials = { username: 'ann', password: 'secret-password' };

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    session = TestBed.inject(SessionStore);
    httpMock = TestBed.inject(HttpTestingController);
    session.login(credentials).subscribe();
    httpMock.expectOne('/api/auth/login').flush({ user: ann });
  });

  afterEach(() => httpMock.verify());

  it('forget() forgets the user without saying the session ended elsewhere', () => {
    session.forget();
    expect(session.user()).toBeNull();
    expect(session.endedElsewhere()).toBe(false);
  });

  it('forget({ elsewhere: true }) says so until the next successful login', () => {
    session.forget({ elsewhere: true });
    expect(session.loggedIn()).toBe(false);
    expect(session.endedElsewhere()).toBe(true);

    session.login(credentials).subscribe({ error: () => undefined });
    httpMock
      .expectOne('/api/auth/login')
      .flush({ statusCode: 401 }, { status: 401, statusText: 'Unauthorized' });
    expect(session.endedElsewhere()).toBe(true);

    session.login(credentials).subscribe();
    httpMock.expectOne('/api/auth/login').flush({ user: ann });
    expect(session.user()).toEqual(ann);
    expect(session.endedElsewhere()).toBe(false);
  });

  it('a sign-up clears it too', () => {
    session.forget({ elsewhere: true });
    session.signup({ username: 'bob', password: 'secret-password' }).subscribe();
    httpMock.expectOne('/api/auth/signup').flush({ user: { ...ann, id: 2, username: 'bob' } });
    expect(session.endedElsewhere()).toBe(false);
  });

  it('a logout from this tab clears it, and a late 401 after it is no news', () => {
    session.forget({ elsewhere: true });
    session.login(credentials).subscribe();
    httpMock.expectOne('/api/auth/login').flush({ user: ann });
    session.logout().subscribe();
    httpMock.expectOne('/api/auth/logout').flush(null);
    expect(session.endedElsewhere()).toBe(false);
    session.forget({ elsewhere: true });
    expect(session.endedElsewhere()).toBe(false);
  });
});
