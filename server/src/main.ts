import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { InvalidConfigError, loadAppConfig } from './config/app-config';
import { configureApp } from './configure-app';
import { createHttpAdapter } from './http/http-server';

async function bootstrap(): Promise<void> {
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
