// Node-to-node endpoints (cluster secret): the Controller placing a session on
// this backend, and the heartbeat the election polls.
import type { ClusterRole, endpoints, NodeRole } from '@cc/node-api';
import type { NodeDriver, SessionPlacement } from './drivers';
import { HttpError, type Handlers } from './server';

type ClusterHandlers = Pick<Handlers<typeof endpoints>, 'clusterPlaceSession' | 'clusterHeartbeat'>;

export interface ClusterHandlerOptions {
  name: string;
  role: NodeRole;
  startedAt: string;
  driver: NodeDriver;
  /** Backends only. */
  placement: SessionPlacement | undefined;
  clusterRole: () => ClusterRole;
}

export function clusterHandlers(o: ClusterHandlerOptions): ClusterHandlers {
  const { name, role, placement } = o;
  return {
    clusterPlaceSession: ({ body }) => {
      if (!placement) throw new HttpError(409, 'not-a-backend', `${name} is a ${role} and takes no placed sessions`);
      if (!placement.place(body)) throw new HttpError(409, 'not-ready', `${name} is not Ready for new sessions`);
      return { json: { sessions: placement.openSessions } };
    },
    clusterHeartbeat: async () => {
      const d = await o.driver.status();
      const { imap, pop, smtp, http } = d.load.sessions;
      return {
        json: {
          name,
          role,
          clusterRole: o.clusterRole(),
          startedAt: o.startedAt,
          alive: true as const,
          readiness: d.readiness,
          // The exact count, not the last tick's figure: the Controller balances on it.
          sessions: placement?.openSessions ?? imap + pop + smtp + http,
        },
      };
    },
  };
}
