import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { Observable, of } from 'rxjs';
import { User } from '../../../core/api/api-types';
import { Credentials } from '../../../core/api/auth-api';
import { SessionStore } from '../../../core/auth/session-store';
import Signup from './signup';

describe('Signup', () => {
  let fixture: ComponentFixture<Signup>;
  let signup: ReturnType<typeof vi.fn<(credentials: Credentials) => Observable<User>>>;

  const host = () => fixture.nativeElement as HTMLElement;
  const input = (id: string) => host().querySelector(`#${id}`) as HTMLInputElement;
  const hint = (field: string) =>
    host().querySelector(`#signup-${field}-hint`)?.textContent?.trim();

  async function fill(username: string, password: string): Promise<void> {
    for (const [id, value] of [
      ['signup-username', username],
      ['signup-password', password],
    ]) {
      input(id).value = value;
      input(id).dispatchEvent(new Event('input'));
    }
    host().querySelector('form')!.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
  }

  beforeEach(async () => {
    signup = vi.fn(({ username }: Credentials) => of({ id: 1, username, isAdmin: false }));
    TestBed.configureTestingModule({
      imports: [Signup],
      providers: [
        provideRouter([{ path: 'rooms', children: [] }]),
        { provide: SessionStore, useValue: { signup } },
      ],
    });
    fixture = TestBed.createComponent(Signup);
    await fixture.whenStable();
  });

  it("states the server's rules before anything is typed", () => {
    expect(hint('username')).toBe('3–32 letters, digits, ".", "_" or "-".');
    expect(hint('password')).toBe('At least 8 characters, not only digits.');
  });

  it.each([
    ['ab', 'Use 3 to 32 characters.'],
    ['a'.repeat(33), 'Use 3 to 32 characters.'],
    ['zoë', 'Use only letters, digits, ".", "_" and "-".'],
  ])('refuses the username %j', async (username, problem) => {
    await fill(username, 'correct horse');
    expect(hint('username')).toBe(problem);
    expect(signup).not.toHaveBeenCalled();
  });

  it.each([
    ['4 emoji: 8 UTF-16 units, but 4 characters to the server', '😀'.repeat(4)],
    ['129 characters', 'p'.repeat(129)],
  ])('refuses a password of %s', async (_, password) => {
    await fill('alice', password);
    expect(hint('password')).toBe('Use 8 to 128 characters.');
    expect(signup).not.toHaveBeenCalled();
  });

  it('refuses an all-digit password', async () => {
    await fill('alice', '1234567890');
    expect(hint('password')).toBe('Use something besides digits.');
    expect(signup).not.toHaveBeenCalled();
  });

  it('sends what the server accepts (a password of 8 emoji), then goes to the rooms', async () => {
    await fill('A.b_C-9', '😀'.repeat(8));
    expect(signup).toHaveBeenCalledExactlyOnceWith({
      username: 'A.b_C-9',
      password: '😀'.repeat(8),
    });
    await fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/rooms');
  });
});
