import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { setFlagsFromString } from 'node:v8';
import { AppModule } from './app.module';
import { InvalidConfigError, loadAppConfig } from './config/app-config';
import { configureApp } from './configure-app';
import { createHttpAdapter } from './http/http-server';

/**
 * How far the JavaScript heap may grow past what the last full garbage collection
 * kept before the next one: 100% (twice the live heap). V8 picks up to 300% on a
 * machine with memory to spare, and under polling load it gets there: objects of
 * the requests in flight outlive two young collections and are promoted, so the
 * heap fills with them until the next full collection. The poll benchmark measured
 * a 35 MB live heap peaking at 240–250 MB of RSS with V8's choice and about 175 MB
 * with this, for full collections 2.5 times as often: about 2.5% of the CPU, below
 * the benchmark's noise (see bench/results/README.md).
 */
const HEAP_GROWING_PERCENT = 100;

/** Caps the heap's growth, unless node was started with a --heap-growing-percent of its own. */
function capHeapGrowth(): void {
  if (process.execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

async function bootstrap(): Promise<void> {
  capHeapGrowth();
  const config = loadAppConfig(process.env);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config),
    createHttpAdapter(config.http),
    {
      bodyParser: false,
      logger: config.env === 'production' ? ['fatal', 'error', 'warn', 'log'] : undefined,
    },
  );
  configureApp(app, config);
  if (config.databaseUrl && !config.redis) {
    Logger.warn(
      'DATABASE_URL without REDIS_URL: rate limits, presence and typing are kept per instance, ' +
        "and other instances' messages arrive within 3 s and their read marks within 30 s, not " +
        'at once. Run one instance, or set REDIS_URL.',
      'Bootstrap',
    );
  }
  await app.listen(config.port, config.host);
  Logger.log(`Chat is listening on ${await app.getUrl()} (data in ${config.dataDir})`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  if (error instanceof InvalidConfigError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
