import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
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
import { requestLogger } from './logging/request-logger';
import { SESSION_COOKIE, SESSION_PATH, sessionMiddleware } from './session/session-policy';

/**
 * Everything around the routes, in order: the one place production (main.ts)
 * and the API tests set the app up, so the tests run exactly this stack.
 */
export function configureApp(app: INestApplication, config: AppConfig): void {
  (app as NestExpressApplication).set('trust proxy', config.trustProxy);
  app.setGlobalPrefix('api');
  app.useGlobalPipes(validationPipe);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);

  // First, so that requests the middleware below refuses (403, 413, 401...) are logged too.
  if (config.logRequests) app.use(requestLogger());
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

  // Input checks, sessions, and passport and CSRF (which keep their state in the
  // session) serve the session's paths only: the API, not the app's files and pages.
  app.use(
    SESSION_PATH,
    screenInput,
    sessionMiddleware(app.get<string>(SESSION_SECRET), app.get(TypeormSessionStore)),
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
      .addGlobalParameters({
        in: 'header',
        name: 'X-Chat-User',
        required: false,
        schema: { type: 'string' },
        description:
          'The id of the user the page shows. On a route that needs a session, any other value ' +
          "than the session user's id answers 401 and changes nothing (a tab left open after " +
          'another login in the same browser).',
      })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document);
}
