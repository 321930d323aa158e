import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertChangeStreamTriggers } from './migrations/change-stream-triggers';

/**
 * Refuses to start on a database whose change-stream triggers are gone (a table
 * rebuilt by a careless migration): sends would fail and heads would stand still.
 */
@Injectable()
export class ChangeStreamCheck implements OnModuleInit {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): Promise<void> {
    return assertChangeStreamTriggers(this.dataSource);
  }
}
