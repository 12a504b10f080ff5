import { accountsRouter } from './routers/accounts';
import { alertsRouter } from './routers/alerts';
import { auditRouter } from './routers/audit';
import { clusterRouter } from './routers/cluster';
import { configRouter } from './routers/config';
import { domainsRouter } from './routers/domains';
import { healthRouter } from './routers/health';
import { meRouter } from './routers/me';
import { nodesRouter } from './routers/nodes';
import { notificationsRouter } from './routers/notifications';
import { portsRouter } from './routers/ports';
import { searchRouter } from './routers/search';
import { settingsRouter } from './routers/settings';
import { upgradesRouter } from './routers/upgrades';
import { usersRouter } from './routers/users';
import { createCallerFactory, createTRPCRouter } from './trpc';

export const appRouter = createTRPCRouter({
  me: meRouter,
  cluster: clusterRouter,
  nodes: nodesRouter,
  ports: portsRouter,
  settings: settingsRouter,
  domains: domainsRouter,
  accounts: accountsRouter,
  config: configRouter,
  alerts: alertsRouter,
  users: usersRouter,
  audit: auditRouter,
  upgrades: upgradesRouter,
  health: healthRouter,
  notifications: notificationsRouter,
  search: searchRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
