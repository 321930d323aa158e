import { Global, Module } from '@nestjs/common';
import { CsrfTokens } from './csrf-tokens';
import { FreshCsrfTokenInterceptor } from './fresh-csrf-token.interceptor';

@Global()
@Module({
  providers: [CsrfTokens, FreshCsrfTokenInterceptor],
  exports: [CsrfTokens, FreshCsrfTokenInterceptor],
})
export class CsrfModule {}
