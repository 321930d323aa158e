import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';
import { resolveSessionSecret } from './session-secret';

export const APP_CONFIG = Symbol('APP_CONFIG');
/** The secret that signs session cookies and visitors' CSRF tokens. */
export const SESSION_SECRET = Symbol('SESSION_SECRET');

/** Makes the validated configuration (and the session secret) injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        {
          provide: SESSION_SECRET,
          useFactory: () => resolveSessionSecret(config.dataDir, config.sessionSecret),
        },
      ],
      exports: [APP_CONFIG, SESSION_SECRET],
    };
  }
}
