import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideHttpClient } from '@angular/common/http';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { User } from '../../../core/api/api-types';
import { SessionStore } from '../../../core/auth/session-store';
import Login from './login';

describe('Login', () => {
  let fixture: ComponentFixture<Login>;
  let httpMock: HttpTestingController;
  let session: SessionStore;
  const ann: User = { id: 1, username: 'ann', isAdmin: false };
  const loggedOut =
    'You were logged out. Log in again to carry on — your drafts and unsent messages are kept in this browser.';

  const host = () => fixture.nativeElement as HTMLElement;
  const status = () => host().querySelector('[role="status"]')?.textContent?.replace(/\s+/g, ' ');

  async function logIn(): Promise<void> {
    for (const [id, value] of [
      ['login-username', 'ann'],
      ['login-password', 'secret-password'],
    ]) {
      const input = host().querySelector(`#${id}`) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    }
    host().querySelector('form')!.dispatchEvent(new Event('submit'));
    httpMock.expectOne('/api/auth/login').flush({ user: ann });
    await fixture.whenStable();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [Login],
      providers: [
        provideRouter([{ path: 'rooms', children: [] }]),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    httpMock = TestBed.inject(HttpTestingController);
    session = TestBed.inject(SessionStore);
    fixture = TestBed.createComponent(Login);
    fixture.componentRef.setInput('next', '/rooms');
    await fixture.whenStable();
  });

  afterEach(() => httpMock.verify());

  it('says nothing about an ended session on an ordinary visit', () => {
    expect(status()).toBe('');
  });

  it('says the session ended elsewhere, until the next login', async () => {
    await logIn();
    // A call elsewhere in the app met a 401: the interceptor forgets the session.
    session.forget({ elsewhere: true });
    await fixture.whenStable();
    expect(status()?.trim()).toBe(loggedOut);

    await logIn();
    expect(session.loggedIn()).toBe(true);
    expect(status()).toBe('');
    expect(TestBed.inject(Router).url).toBe('/rooms');
  });

  it('says nothing after a logout from this tab', async () => {
    await logIn();
    session.forget();
    await fixture.whenStable();
    expect(status()).toBe('');
  });
});
