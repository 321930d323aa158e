import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { ConfigModule } from '../../config/config.module';
import { DatabaseModule } from '../../database/database.module';
import { UsersModule } from '../users.module';

/** Just what the user command needs: configuration, the database and users. */
@Module({})
export class UsersCliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: UsersCliModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, UsersModule],
    };
  }
}
