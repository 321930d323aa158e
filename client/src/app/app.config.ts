import { provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import {
  PreloadAllModules,
  provideRouter,
  withComponentInputBinding,
  withPreloading,
} from '@angular/router';
import { routes, startChatEarly } from './app.routes';
import { SessionStore } from './core/auth/session-store';
import { unauthorizedInterceptor } from './core/auth/unauthorized-interceptor';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    // Preloaded: switching pages never waits for code.
    provideRouter(routes, withComponentInputBinding(), withPreloading(PreloadAllModules)),
    // Relative /api URLs keep HttpClient's built-in XSRF header (XSRF-TOKEN → X-XSRF-TOKEN).
    provideHttpClient(withInterceptors([unauthorizedInterceptor])),
    // Know who is logged in before the first route is guarded...
    provideAppInitializer(() => inject(SessionStore).load()),
    // ...and meanwhile fetch what a chat page needs next: its code and its first sync.
    provideAppInitializer(() => startChatEarly(location.pathname)),
  ],
};
