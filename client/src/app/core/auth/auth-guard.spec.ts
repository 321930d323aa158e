import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import {
  ActivatedRouteSnapshot,
  provideRouter,
  Router,
  RouterStateSnapshot,
  UrlTree,
} from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { routes } from '../../app.routes';
import { authGuard } from './auth-guard';
import { SessionStore } from './session-store';

describe('authGuard', () => {
  const loggedIn = signal(false);

  beforeEach(() => {
    loggedIn.set(false);
    TestBed.configureTestingModule({
      providers: [
        provideRouter(routes),
        {
          provide: SessionStore,
          useValue: { loggedIn, user: signal(null), endedElsewhere: signal(false) },
        },
      ],
    });
  });

  const guard = (url: string) =>
    TestBed.runInInjectionContext(() =>
      authGuard({} as ActivatedRouteSnapshot, { url } as RouterStateSnapshot),
    );

  it('lets a logged-in visitor through', () => {
    loggedIn.set(true);
    expect(guard('/rooms/general')).toBe(true);
  });

  it('sends a logged-out visitor to /login?next=<the url they asked for>', () => {
    const result = guard('/rooms/general?x=1');
    expect(result).toBeInstanceOf(UrlTree);
    const tree = result as UrlTree;
    expect(TestBed.inject(Router).serializeUrl(tree)).toBe(
      '/login?next=%2Frooms%2Fgeneral%3Fx%3D1',
    );
    expect(tree.queryParams).toEqual({ next: '/rooms/general?x=1' });
  });

  it('guards the room routes: a logged-out visit to a room ends on the login page', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/rooms/general');
    expect(TestBed.inject(Router).url).toBe('/login?next=%2Frooms%2Fgeneral');
    await harness.navigateByUrl('/rooms');
    expect(TestBed.inject(Router).url).toBe('/login?next=%2Frooms');
  });
});
