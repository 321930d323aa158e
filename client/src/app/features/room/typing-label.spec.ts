import { typingLabel } from './typing-label';

describe('typingLabel', () => {
  it('is empty when nobody is typing', () => {
    expect(typingLabel([])).toBe('');
  });

  it('names one or two people', () => {
    expect(typingLabel(['bob'])).toBe('bob is typing…');
    expect(typingLabel(['bob', 'carol'])).toBe('bob and carol are typing…');
  });

  it('names nobody from three people on', () => {
    expect(typingLabel(['bob', 'carol', 'dave'])).toBe('Several people are typing…');
  });
});
