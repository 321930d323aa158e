import { DynamicModule, Inject, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveClient } from './serve-client.middleware';

const CLIENT_DIR = Symbol('CLIENT_DIR');

/**
 * Mounts the client when the modules initialise: after Nest's routes (so /api is the API's)
 * and before its not-found and exception handlers (which answer what the client refuses).
 */
@Injectable()
class ClientMount implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(CLIENT_DIR) private readonly clientDir: string,
  ) {}

  onModuleInit(): void {
    this.adapterHost.httpAdapter.use(serveClient(this.clientDir));
  }
}

/**
 * Serves the built Angular app from the API's port, precompressed (see serveClient):
 * its files, and index.html for every other non-API path so that deep links
 * (/rooms/general) survive a reload. /api/... is never answered with the app:
 * unknown API paths stay 404 JSON.
 */
@Module({})
export class ClientModule {
  static forRoot(clientDir: string): DynamicModule {
    if (!existsSync(join(clientDir, 'index.html'))) {
      new Logger('ClientModule').warn(`No client build in ${clientDir}: serving the API only`);
      return { module: ClientModule };
    }
    return {
      module: ClientModule,
      providers: [{ provide: CLIENT_DIR, useValue: clientDir }, ClientMount],
    };
  }
}
