import { Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { dataSourceOptions } from './data-source';
import { Session } from './session.entity';
import { TypeormSessionStore } from './typeorm-session-store';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => dataSourceOptions(config),
    }),
  ],
  providers: [
    {
      provide: TypeormSessionStore,
      inject: [getDataSourceToken()],
      useFactory: (dataSource: DataSource) =>
        new TypeormSessionStore(dataSource.getRepository(Session)),
    },
  ],
  exports: [TypeormSessionStore],
})
export class DatabaseModule {}
