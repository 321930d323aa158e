import { countLabel, roomAccessibleName } from './count-label';

describe('countLabel', () => {
  it('shows counts up to 99 as they are', () => {
    expect(countLabel(0)).toBe('0');
    expect(countLabel(1)).toBe('1');
    expect(countLabel(99)).toBe('99');
  });

  it('shows 100 and more, the server’s 999 included, as "99+"', () => {
    expect(countLabel(100)).toBe('99+');
    expect(countLabel(999)).toBe('99+');
  });
});

describe('roomAccessibleName', () => {
  it('is just the name when nothing is unread', () => {
    expect(roomAccessibleName('General', 0, 0)).toBe('General');
  });

  it('says the unread count, then the mentions, singular for one', () => {
    expect(roomAccessibleName('General', 3, 0)).toBe('General, 3 unread');
    expect(roomAccessibleName('General', 3, 1)).toBe('General, 3 unread, 1 mention');
    expect(roomAccessibleName('General', 5, 2)).toBe('General, 5 unread, 2 mentions');
  });

  it('reads the server’s cap of 999 as "999 or more", not as an exact count', () => {
    expect(roomAccessibleName('General', 998, 0)).toBe('General, 998 unread');
    expect(roomAccessibleName('General', 999, 0)).toBe('General, 999 or more unread');
  });
});
