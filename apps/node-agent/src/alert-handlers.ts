// GET /v1/alerts: the cluster alerts this node holds and how far each has reached.
import type { endpoints } from '@cc/node-api';
import type { AlertBoard } from './alerts';
import type { Handlers } from './server';

type AlertHandlers = Pick<Handlers<typeof endpoints>, 'alerts'>;

export function alertHandlers(board: AlertBoard): AlertHandlers {
  return { alerts: () => ({ json: { alerts: board.deliveries() } }) };
}
