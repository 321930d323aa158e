import { DynamicModule, Logger, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Response } from 'express';

/** Angular's output names carry a content hash ("chunk-USO3FXOO.js"): safe to cache for good. */
const HASHED_FILE = /-[A-Z0-9]{8}\.(js|css)$/;

function cacheHeaders(res: Response, path: string): void {
  const name = basename(path);
  if (name === 'index.html') res.setHeader('Cache-Control', 'no-cache');
  else if (HASHED_FILE.test(name))
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  else res.setHeader('Cache-Control', 'public, max-age=3600');
}

/**
 * Serves the built Angular app from the API's port: its files, and index.html for
 * every other non-API path so that deep links (/rooms/general) survive a reload.
 * /api/... is never answered with the app: unknown API paths stay 404 JSON.
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
      imports: [
        ServeStaticModule.forRoot({
          rootPath: clientDir,
          exclude: ['/api', '/api/{*path}'],
          serveStaticOptions: { index: false, cacheControl: false, setHeaders: cacheHeaders },
        }),
      ],
    };
  }
}
