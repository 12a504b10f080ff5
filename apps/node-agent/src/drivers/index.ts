// Driver registry: --driver <kind> picks one of these.
import type { DriverContext, DriverFactory, NodeDriver } from './driver';
import { createDovecotDriver } from './dovecot';
import { createPostfixDriver } from './postfix';
import { SimulatedDriver } from './simulated';

const factories: Record<string, DriverFactory> = {
  simulated: (ctx) =>
    new SimulatedDriver({
      role: ctx.role,
      softwareVersion: ctx.softwareVersion,
      seed: ctx.seed,
      meanSessionMs: ctx.meanSessionMs,
      scale: ctx.scale,
      keepsAccountSet: ctx.simulateAccountSet,
      startReady: ctx.startReady,
      sessionCounters: ctx.sessionCounters,
      // Only frontends face mail clients directly.
      listen:
        ctx.role === 'frontend' && ctx.clientListeners !== false
          ? { host: ctx.host, ports: ctx.clientPorts, serverName: ctx.name }
          : undefined,
    }),
  dovecot: createDovecotDriver,
  postfix: createPostfixDriver,
};

export const DRIVER_KINDS = Object.keys(factories);

export function createDriver(kind: string, ctx: DriverContext): NodeDriver {
  const factory = factories[kind];
  if (!factory) throw new Error(`Unknown driver "${kind}"; available: ${DRIVER_KINDS.join(', ')}`);
  return factory(ctx);
}

export type { DriverContext, DriverStatus, NodeDriver, SessionPlacement } from './driver';
export { DovecotDriver, type DovecotSettings } from './dovecot';
export { PostfixDriver, type PostfixSettings } from './postfix';
