import { DynamicModule, Global, Module } from '@nestjs/common';
import { LIVE_DEPS, LIVE_PUBLISHER, LiveServer, type LiveDeps } from './live-server';

/**
 * The live feed (socket.io). Global so that any module can inject LIVE_PUBLISHER to push a change made
 * through the API (see LivePublisher) to every connected client.
 */
@Global()
@Module({})
export class LiveModule {
  static forRoot(deps: LiveDeps): DynamicModule {
    return {
      module: LiveModule,
      providers: [{ provide: LIVE_DEPS, useValue: deps }, LiveServer, { provide: LIVE_PUBLISHER, useExisting: LiveServer }],
      exports: [LIVE_PUBLISHER, LiveServer],
    };
  }
}
