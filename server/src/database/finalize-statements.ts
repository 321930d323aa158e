import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SqliteStatements } from './sqlite-statements';

/**
 * Finalizes the SQLite statements (SqliteStatements) at shutdown, after the last
 * request and before the connection closes. Nest's app.close() runs every
 * beforeApplicationShutdown first (HttpDrain: the requests under way are answered),
 * then closes the HTTP server, then runs onApplicationShutdown module by module,
 * global modules last. TypeOrmModule's core module, which destroys the DataSource
 * there, is global; this provider's DatabaseModule is not, so this runs before it.
 */
@Injectable()
export class FinalizeStatements implements OnApplicationShutdown {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onApplicationShutdown(): Promise<void> {
    return SqliteStatements.finalizeAll(this.dataSource);
  }
}
