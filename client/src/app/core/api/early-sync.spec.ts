import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { SyncResponse } from './api-types';
import { prefetchSync, takeEarlySync } from './early-sync';
import { SyncApi } from './sync-api';

const answer = (cursor: string): SyncResponse => ({
  cursor,
  reset: false,
  room: null,
  rooms: [],
  online: [],
});

describe('the first sync asked for at start-up', () => {
  let fetchMock: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    fetchMock = vi.fn(() => Promise.resolve(Response.json(answer('early'))));
    vi.stubGlobal('fetch', fetchMock);
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
  });

  afterEach(() => {
    void takeEarlySync(undefined); // nothing left for the next test
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('asks for the room with the session cookie, and is used once, for the same room only', async () => {
    prefetchSync('caf\u00e9 & co');
    expect(fetchMock).toHaveBeenCalledExactlyOnceWith('/api/sync?room=caf%C3%A9+%26+co', {
      credentials: 'same-origin',
    });
    expect(takeEarlySync('other')).toBeNull();
    prefetchSync('general');
    const taken = takeEarlySync('general');
    expect(await taken).toEqual(answer('early'));
    expect(takeEarlySync('general')).toBeNull();
  });

  it('is not used once stale', () => {
    vi.useFakeTimers();
    prefetchSync(undefined);
    vi.advanceTimersByTime(10_000);
    expect(takeEarlySync(undefined)).toBeNull();
  });

  it('answers the first sync of SyncApi without a request, but never a later one', async () => {
    const http = TestBed.inject(HttpTestingController);
    const api = TestBed.inject(SyncApi);
    prefetchSync('general');
    expect(await firstValueFrom(api.sync({ room: 'general' }))).toEqual(answer('early'));
    http.verify();

    prefetchSync('general');
    const later = firstValueFrom(api.sync({ room: 'general', since: 'c1' }));
    http.expectOne('/api/sync?room=general&since=c1').flush(answer('c2'));
    expect(await later).toEqual(answer('c2'));
  });

  it('falls back to the usual request when the early one was refused (logged out, offline)', async () => {
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 401 }));
    const http = TestBed.inject(HttpTestingController);
    const api = TestBed.inject(SyncApi);
    prefetchSync('general');
    const first = firstValueFrom(api.sync({ room: 'general' }));
    await vi.waitFor(() => http.expectOne('/api/sync?room=general').flush(answer('late')));
    expect(await first).toEqual(answer('late'));
  });
});
