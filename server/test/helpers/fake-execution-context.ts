import type { ExecutionContext, Type } from '@nestjs/common';

/** Just enough of an HTTP ExecutionContext for a guard: the handler, its controller and the request. */
export function fakeHttpContext(
  request: object,
  controller: Type<unknown> = class {},
  handler: (...args: never[]) => unknown = () => undefined,
): ExecutionContext {
  const http = {
    getRequest: <T>() => request as T,
    getResponse: <T>() => ({}) as T,
    getNext: <T>() => (() => undefined) as T,
  };
  return {
    getType: () => 'http',
    getClass: () => controller,
    getHandler: () => handler,
    getArgs: () => [request, {}, () => undefined],
    getArgByIndex: (index: number) => [request, {}, () => undefined][index],
    switchToHttp: () => http,
    switchToRpc: () => {
      throw new Error('not an RPC context');
    },
    switchToWs: () => {
      throw new Error('not a WebSocket context');
    },
  } as ExecutionContext;
}
