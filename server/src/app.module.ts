import { DynamicModule, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { AuthModule } from './auth/auth.module';
import { ClientModule } from './client/client.module';
import { CsrfModule } from './csrf/csrf.module';
import { DatabaseModule } from './database/database.module';
import { HealthController } from './health/health.controller';
import { HttpDrain } from './http/http-drain';
import { MessagesModule } from './messages/messages.module';
import { RoomsModule } from './rooms/rooms.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  /** The whole app for one validated configuration (production and tests alike). */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        CsrfModule,
        // Applied only to login and sign-up (see AuthController), each counted per route and client address.
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: config.authRateLimit.windowMs, limit: config.authRateLimit.limit }],
        }),
        UsersModule,
        AuthModule,
        RoomsModule,
        MessagesModule,
        ClientModule.forRoot(config.clientDir),
      ],
      controllers: [HealthController],
      // Graceful shutdown of the HTTP server, before the database closes.
      providers: [HttpDrain],
    };
  }
}
