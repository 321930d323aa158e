import { HttpErrorResponse } from '@angular/common/http';
import { errorMessage } from './error-message';

const response = (status: number, error: unknown) =>
  new HttpErrorResponse({ status, error, url: '/api/rooms' });

describe('errorMessage', () => {
  it('says something went wrong for anything that is not an HTTP error', () => {
    expect(errorMessage(new Error('boom'))).toBe('Something went wrong. Please try again.');
    expect(errorMessage(undefined)).toBe('Something went wrong. Please try again.');
  });

  it('says the server cannot be reached when there was no answer (status 0)', () => {
    expect(errorMessage(response(0, new ProgressEvent('error')))).toBe(
      'Cannot reach the server. Check your connection and try again.',
    );
  });

  it('uses the server’s message as a sentence', () => {
    expect(errorMessage(response(409, { statusCode: 409, message: 'username is taken' }))).toBe(
      'Username is taken.',
    );
  });

  it('keeps the server’s own closing punctuation', () => {
    expect(errorMessage(response(400, { statusCode: 400, message: 'Too long!' }))).toBe(
      'Too long!',
    );
    expect(errorMessage(response(400, { statusCode: 400, message: 'Is it?' }))).toBe('Is it?');
  });

  it('joins a list of validation messages into one sentence', () => {
    expect(
      errorMessage(
        response(400, {
          statusCode: 400,
          message: ['content should not be empty', 'content must be a string'],
          error: 'Bad Request',
        }),
      ),
    ).toBe('Content should not be empty. Content must be a string.');
  });

  it.each([
    ['no body', null],
    ['an empty message', { statusCode: 500, message: '' }],
    ['an empty list of messages', { statusCode: 400, message: [] }],
    ['a body that is not JSON', '<html>Bad gateway</html>'],
    ['a body without a message', { statusCode: 502 }],
  ])('names the status when the server gave %s', (_, body) => {
    expect(errorMessage(response(502, body))).toBe('The server answered 502. Please try again.');
  });
});
