import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { User } from '../api/api-types';
import { SessionStore } from './session-store';
import { unauthorizedInterceptor } from './unauthorized-interceptor';

@Component({ template: '' })
class Blank {}

describe('unauthorizedInterceptor', () => {
  let http: HttpClient;
  let httpMock: HttpTestingController;
  let router: Router;
  let session: SessionStore;
  const ann: User = { id: 1, username: 'ann', isAdmin: false };
  const unauthorized = { status: 401, statusText: 'Unauthorized' };
  const body = { statusCode: 401, message: 'Unauthorized' };

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: '**', component: Blank }]),
        provideHttpClient(withInterceptors([unauthorizedInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpClient);
    httpMock = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    session = TestBed.inject(SessionStore);

    await router.navigateByUrl('/rooms/general');
    session.login({ username: 'ann', password: 'secret-password' }).subscribe();
    httpMock.expectOne('/api/auth/login').flush({ user: ann });
    expect(session.loggedIn()).toBe(true);
  });

  afterEach(() => httpMock.verify());

  /** Lets the navigation the interceptor may have started finish. */
  const settle = () => TestBed.inject(ApplicationRef).whenStable();

  /** Makes a GET and answers it with `status`; returns what the caller got. */
  function get(url: string, status: { status: number; statusText: string }): unknown[] {
    const errors: unknown[] = [];
    http.get(url).subscribe({ error: (error: unknown) => errors.push(error) });
    httpMock.expectOne(url).flush(body, status);
    return errors;
  }

  it('tells the server which user the page shows, and nothing once nobody is logged in', () => {
    http.get('/api/sync').subscribe();
    expect(httpMock.expectOne('/api/sync').request.headers.get('X-Chat-User')).toBe('1');
    session.forget();
    http.get('/api/auth/me').subscribe({ error: () => undefined });
    expect(httpMock.expectOne('/api/auth/me').request.headers.has('X-Chat-User')).toBe(false);
  });

  it('on a 401 from /api/rooms, forgets the session and goes to /login?next=<where we were>', async () => {
    expect(session.endedElsewhere()).toBe(false);
    const errors = get('/api/rooms/general/messages?after=3', unauthorized);
    expect(session.loggedIn()).toBe(false);
    // …so the login page can say the session ended elsewhere.
    expect(session.endedElsewhere()).toBe(true);
    await settle();
    expect(router.url).toBe('/login?next=%2Frooms%2Fgeneral');
    // The caller still sees the error.
    expect(errors).toHaveLength(1);
  });

  it('does the same for the room list', async () => {
    get('/api/rooms', unauthorized);
    expect(session.loggedIn()).toBe(false);
    await settle();
    expect(router.url).toBe('/login?next=%2Frooms%2Fgeneral');
  });

  it('leaves the session alone on a 401 from /api/auth/login (wrong password)', async () => {
    const navigate = vi.spyOn(router, 'navigate');
    const errors: unknown[] = [];
    http.post('/api/auth/login', {}).subscribe({ error: (error: unknown) => errors.push(error) });
    httpMock.expectOne('/api/auth/login').flush(body, unauthorized);
    await settle();
    expect(errors).toHaveLength(1);
    expect(session.loggedIn()).toBe(true);
    expect(session.endedElsewhere()).toBe(false);
    expect(navigate).not.toHaveBeenCalled();
    expect(router.url).toBe('/rooms/general');
  });

  it('leaves the session alone on a 401 from /api/auth/me (nobody logged in yet)', async () => {
    const navigate = vi.spyOn(router, 'navigate');
    get('/api/auth/me', unauthorized);
    await settle();
    expect(session.loggedIn()).toBe(true);
    expect(navigate).not.toHaveBeenCalled();
  });

  it('does not navigate on a 401 from /api/auth/logout: the caller goes to the login page', async () => {
    const navigate = vi.spyOn(router, 'navigate');
    const errors: unknown[] = [];
    http
      .post('/api/auth/logout', null)
      .subscribe({ error: (error: unknown) => errors.push(error) });
    httpMock.expectOne('/api/auth/logout').flush(body, unauthorized);
    await settle();
    expect(errors).toHaveLength(1);
    expect(navigate).not.toHaveBeenCalled();
  });

  it('does not say "logged out elsewhere" for a late 401 after logging out here', () => {
    session.logout().subscribe();
    httpMock.expectOne('/api/auth/logout').flush(null);
    get('/api/rooms', unauthorized);
    expect(session.loggedIn()).toBe(false);
    expect(session.endedElsewhere()).toBe(false);
  });

  it('keeps saying so through further 401s, until the next login', () => {
    get('/api/rooms', unauthorized);
    get('/api/rooms/general/messages?after=3', unauthorized);
    expect(session.endedElsewhere()).toBe(true);
    session.login({ username: 'ann', password: 'secret-password' }).subscribe();
    httpMock.expectOne('/api/auth/login').flush({ user: ann });
    expect(session.loggedIn()).toBe(true);
    expect(session.endedElsewhere()).toBe(false);
  });

  it('on a 401 while on the login page, does not make /login its own next', async () => {
    await router.navigateByUrl('/login?next=%2Frooms');
    get('/api/rooms', unauthorized);
    await settle();
    expect(router.url).toBe('/login');
  });

  it('leaves the session alone on other errors', async () => {
    const navigate = vi.spyOn(router, 'navigate');
    const errors = get('/api/rooms', { status: 403, statusText: 'Forbidden' });
    get('/api/rooms', { status: 500, statusText: 'Internal Server Error' });
    await settle();
    expect(errors).toHaveLength(1);
    expect(session.loggedIn()).toBe(true);
    expect(session.endedElsewhere()).toBe(false);
    expect(navigate).not.toHaveBeenCalled();
    expect(router.url).toBe('/rooms/general');
  });
});
