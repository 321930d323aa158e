import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ChangeStreamCheck } from './change-stream-check';
import { DatabaseUnavailableFilter } from './database-unavailable.filter';
import { dataSourceOptions, openDatabase } from './data-source';
import { FinalizeStatements } from './finalize-statements';
import { Session } from './session.entity';
import { TypeormSessionStore } from './typeorm-session-store';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => dataSourceOptions(config),
      dataSourceFactory: (options) => openDatabase(options!),
    }),
  ],
  providers: [
    { provide: APP_FILTER, useClass: DatabaseUnavailableFilter },
    FinalizeStatements,
    ChangeStreamCheck,
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
