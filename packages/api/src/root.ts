import { clusterRouter } from './routers/cluster';
import { meRouter } from './routers/me';
import { nodesRouter } from './routers/nodes';
import { createCallerFactory, createTRPCRouter } from './trpc';

export const appRouter = createTRPCRouter({
  me: meRouter,
  cluster: clusterRouter,
  nodes: nodesRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
