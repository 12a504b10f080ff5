import { clusterRouter } from './routers/cluster';
import { meRouter } from './routers/me';
import { nodesRouter } from './routers/nodes';
import { portsRouter } from './routers/ports';
import { createCallerFactory, createTRPCRouter } from './trpc';

export const appRouter = createTRPCRouter({
  me: meRouter,
  cluster: clusterRouter,
  nodes: nodesRouter,
  ports: portsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
