// GET and PUT /v1/config: the configuration revision the console pushes.
import type { endpoints } from '@cc/node-api';
import { STAGE_INCOMPLETE } from '@cc/node-api';
import { ConfigApplyError, StageIncompleteError, type ConfigStore } from './config-store';
import { HttpError, type Handlers } from './server';

type ConfigHandlers = Pick<Handlers<typeof endpoints>, 'applyConfig' | 'getConfig' | 'stageAccounts'>;

export function configHandlers(
  store: ConfigStore,
  name: string,
  log: (event: Record<string, unknown>) => void,
): ConfigHandlers {
  return {
    getConfig: () => ({ json: store.snapshot() }),
    stageAccounts: ({ body }) => {
      try {
        return { json: store.stageAccounts(body) };
      } catch (err) {
        if (err instanceof StageIncompleteError) throw new HttpError(409, STAGE_INCOMPLETE, err.message);
        throw err;
      }
    },
    applyConfig: async ({ body }) => {
      try {
        const result = await store.apply(body);
        if (result.changed) {
          const { revision } = result;
          log({ event: 'config-applied', name, revision, accounts: body.accounts.length, reset: body.accountsReset });
        }
        return { json: result };
      } catch (err) {
        if (err instanceof StageIncompleteError) throw new HttpError(409, STAGE_INCOMPLETE, err.message);
        if (!(err instanceof ConfigApplyError)) throw err;
        log({ event: 'config-apply-failed', name, revision: body.revision, message: err.message });
        throw new HttpError(
          500,
          'apply-failed',
          `${name} could not apply configuration revision ${body.revision}: ${err.message}`,
        );
      }
    },
  };
}
