import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { ConfigModule } from '../../config/config.module';
import { ChangesModule } from '../../changes/changes.module';
import { DatabaseModule } from '../../database/database.module';
import { RedisModule } from '../../redis/redis.module';
import { UsersModule } from '../users.module';

/** Just what the user command needs: configuration, the database, users, and the signals that tell the servers of a promotion. */
@Module({})
export class UsersCliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: UsersCliModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule,
        ChangesModule,
        UsersModule,
      ],
    };
  }
}
