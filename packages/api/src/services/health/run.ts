import type { PrismaClient } from '@cc/db';

import { NotificationDispatcher } from '../notifications/dispatcher';
import type { SecretBox } from '../secrets/secret-box';
import { HealthEvaluator } from './evaluator';

/**
 * Health findings and their notifications, started beside the collector by the process that leads it
 * (one at a time; see runCollectorWhenLeader). Returns the stop.
 */
export function startHealth(prisma: PrismaClient, secrets: SecretBox, log?: (msg: string) => void): () => void {
  const dispatcher = new NotificationDispatcher({ prisma, secrets, log }).start();
  const evaluator = new HealthEvaluator({ prisma, log, onChange: () => void dispatcher.kick() }).start();
  return () => {
    evaluator.stop();
    dispatcher.stop();
  };
}
