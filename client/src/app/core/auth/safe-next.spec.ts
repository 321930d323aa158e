import { safeNext } from './safe-next';

describe('safeNext', () => {
  it.each(['/rooms', '/rooms/general', '/rooms/general?x=1#top', '/'])(
    'keeps the app path %s',
    (path) => {
      expect(safeNext(path)).toBe(path);
    },
  );

  it.each([null, undefined, ''])('goes to /rooms when there is no next (%s)', (next) => {
    expect(safeNext(next)).toBe('/rooms');
  });

  it.each([
    '//evil.example',
    '//evil.example/rooms',
    '/\\evil.example',
    'https://evil.example',
    'http:/evil.example',
    'javascript:alert(1)',
    'evil.example',
    'rooms/general',
  ])('refuses %s, which is not a path inside this app', (next) => {
    expect(safeNext(next)).toBe('/rooms');
  });
});
