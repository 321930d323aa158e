import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { User } from '../../../core/api/api-types';
import { SessionStore } from '../../../core/auth/session-store';
import { Drafts } from './drafts';

const ann: User = { id: 7, username: 'ann', isAdmin: false };
const bob: User = { id: 8, username: 'bob', isAdmin: false };

describe('Drafts', () => {
  let http: HttpTestingController;
  let drafts: Drafts;

  function logIn(user: User): void {
    TestBed.inject(SessionStore).login({ username: user.username, password: 'secret' }).subscribe();
    http.expectOne('/api/auth/login').flush({ user });
  }

  function logOut(): void {
    TestBed.inject(SessionStore).logout().subscribe();
    http.expectOne('/api/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
  }

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    drafts = TestBed.inject(Drafts);
    logIn(ann);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    localStorage.clear();
    http.verify();
  });

  it('is empty for a room with no draft', () => {
    expect(drafts.get('general')).toBe('');
  });

  it('keeps a draft per room, as typed (spaces and lines included)', () => {
    drafts.set('general', '  hello\nworld ');
    drafts.set('random', 'other');
    expect(drafts.get('general')).toBe('  hello\nworld ');
    expect(drafts.get('random')).toBe('other');
  });

  it('forgets a draft made blank, and keeps nothing for it in the browser', () => {
    drafts.set('general', 'hello');
    drafts.set('general', ' \n\t ');
    expect(drafts.get('general')).toBe('');
    expect(localStorage.getItem('chat.draft.7.general')).toBeNull();
    drafts.set('random', '');
    expect(localStorage.length).toBe(0);
  });

  it('survives a reload: another instance reads what this one wrote', () => {
    drafts.set('general', 'half a thought');
    expect(localStorage.getItem('chat.draft.7.general')).toBe(JSON.stringify('half a thought'));
    const reloaded = TestBed.runInInjectionContext(() => new Drafts());
    expect(reloaded.get('general')).toBe('half a thought');
  });

  it('keeps each user’s drafts apart, and gives them back after the next login', () => {
    drafts.set('general', 'ann’s words');
    logOut();
    logIn(bob);
    expect(drafts.get('general')).toBe('');
    drafts.set('general', 'bob’s words');
    logOut();
    logIn(ann);
    expect(drafts.get('general')).toBe('ann’s words');
  });

  it('reads a value that is not a string, or not JSON, as no draft', () => {
    localStorage.setItem('chat.draft.7.general', JSON.stringify({ text: 'x' }));
    localStorage.setItem('chat.draft.7.random', '{not json');
    expect(drafts.get('general')).toBe('');
    expect(drafts.get('random')).toBe('');
  });

  it('works on without storage when localStorage throws (private mode, full quota)', () => {
    const fail = () => {
      throw new DOMException('denied', 'SecurityError');
    };
    vi.stubGlobal('localStorage', { getItem: fail, setItem: fail, removeItem: fail, key: fail });
    expect(() => drafts.set('general', 'hello')).not.toThrow();
    expect(() => drafts.set('general', '')).not.toThrow();
    expect(drafts.get('general')).toBe('');
  });
});
