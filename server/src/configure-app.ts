import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import express from 'express';
import session from 'express-session';
import helmet from 'helmet';
import passport from 'passport';
import { validationPipe } from './common/validation';
import { httpErrorMiddleware } from './common/http/http-error.middleware';
import { AppConfig } from './config/app-config';
import { resolveSessionSecret } from './config/session-secret';
import { csrfMiddleware, XSRF_HEADER } from './csrf/csrf';
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
  app.use(express.json({ limit: '64kb' }));
  app.use(httpErrorMiddleware);
  app.use(cookieParser());

  // Sessions, passport and CSRF serve the API only: the app's static files and pages
  // neither need a session nor should cost one (a database row) per cookieless visit.
  app.use(
    '/api',
    session({
      name: SESSION_COOKIE,
      secret: resolveSessionSecret(config.dataDir, config.sessionSecret),
      store: app.get(TypeormSessionStore),
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: SESSION_LIFETIME_MS },
    }),
    passport.initialize(),
    passport.session(),
    csrfMiddleware,
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
