import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import session from 'express-session';
import helmet from 'helmet';
import passport from 'passport';
import { validationPipe } from './common/validation';
import { httpErrorMiddleware } from './common/http/http-error.middleware';
import { jsonBody } from './common/http/json-body';
import { parseCookies } from './common/http/parse-cookies';
import { screenInput } from './common/input/screen-input.middleware';
import { AppConfig } from './config/app-config';
import { SESSION_SECRET } from './config/config.module';
import { CsrfTokens, XSRF_HEADER } from './csrf/csrf-tokens';
import { csrfMiddleware } from './csrf/csrf.middleware';
import { TypeormSessionStore } from './database/typeorm-session-store';

export const SESSION_COOKIE = 'chat.sid';
const SESSION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;

/**
 * Everything around the routes, in order: the one place production (main.ts)
 * and the API tests set the app up, so the tests run exactly this stack.
 */
export function configureApp(app: INestApplication, config: AppConfig): void {
  (app as NestExpressApplication).set('trust proxy', config.trustProxy);
  app.setGlobalPrefix('api');
  app.useGlobalPipes(validationPipe);
  app.enableShutdownHooks();

  app.use(
    helmet({
      // The app may be served over plain HTTP on a LAN: upgrading its requests would break it.
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    }),
  );
  // Browsers' own word (Fetch Metadata, Origin) refuses cross-site writes before any work;
  // the token check below still covers clients that send no such headers.
  app.enableCsrfProtection();
  app.use(jsonBody);
  app.use(httpErrorMiddleware);
  app.use(parseCookies);

  // Input checks, sessions, passport and CSRF serve the API only: the app's static
  // files and pages need none of them.
  app.use(
    '/api',
    screenInput,
    session({
      name: SESSION_COOKIE,
      secret: app.get<string>(SESSION_SECRET),
      store: app.get(TypeormSessionStore),
      resave: false,
      // A visitor costs no row: only a login or sign-up saves a session.
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: SESSION_LIFETIME_MS },
    }),
    passport.initialize(),
    passport.session(),
    csrfMiddleware(app.get(CsrfTokens)),
    httpErrorMiddleware,
  );

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Chat API')
      .setDescription(
        `Session cookie auth. Mutating requests must echo the XSRF-TOKEN cookie in the ${XSRF_HEADER} header.`,
      )
      .addCookieAuth(SESSION_COOKIE)
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document);
}
