import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC instead of esbuild: Nest's dependency injection needs emitted decorator metadata.
export default defineConfig({
  plugins: [
    swc.vite({
      tsconfigFile: false,
      module: { type: 'es6' },
      jsc: {
        target: 'es2023',
        parser: { syntax: 'typescript', decorators: true },
        transform: {
          legacyDecorator: true,
          decoratorMetadata: true,
          useDefineForClassFields: true,
        },
      },
    }),
  ],
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['src/**/*.spec.ts', 'test/**/*.e2e-spec.ts'],
    // The cluster run starts processes (two instances and nginx) where others start an app.
    testTimeout: process.env.CHAT_TEST_TARGET === 'cluster' ? 60_000 : 20_000,
    hookTimeout: process.env.CHAT_TEST_TARGET === 'cluster' ? 90_000 : 30_000,
  },
});
