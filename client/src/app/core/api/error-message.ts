import { HttpErrorResponse } from '@angular/common/http';
import { ApiError } from './api-types';

/** What to tell a person about a failed call, from the server's own words when it gave some. */
export function errorMessage(error: unknown): string {
  if (!(error instanceof HttpErrorResponse)) return 'Something went wrong. Please try again.';
  if (error.status === 0) return 'Cannot reach the server. Check your connection and try again.';
  const body = error.error as Partial<ApiError> | null;
  const message = body?.message;
  if (Array.isArray(message) && message.length) return message.map(sentence).join(' ');
  if (typeof message === 'string' && message) return sentence(message);
  return `The server answered ${error.status}. Please try again.`;
}

function sentence(text: string): string {
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
