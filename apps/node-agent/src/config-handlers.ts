// GET, PUT and PATCH /v1/config: the configuration revision the console pushes
// (PUT the whole revision, PATCH its change on top of the applied one).
import type { endpoints } from '@cc/node-api';
import { CONFIG_BASE_MISMATCH, STAGE_INCOMPLETE } from '@cc/node-api';
import { BaseMismatchError, ConfigApplyError, StageIncompleteError, type ConfigStore } from './config-store';
import { HttpError, type Handlers } from './server';

type ConfigHandlers = Pick<
  Handlers<typeof endpoints>,
  'applyConfig' | 'applyConfigDelta' | 'getConfig' | 'stageAccounts'
>;

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
        throw applyError(err, body.revision);
      }
    },
    applyConfigDelta: async ({ body }) => {
      try {
        const result = await store.applyDelta(body);
        if (result.changed) {
          const { revision } = result;
          log({ event: 'config-applied', name, revision, base: body.base, accounts: body.accounts.length });
        }
        return { json: result };
      } catch (err) {
        if (err instanceof BaseMismatchError) throw new HttpError(409, CONFIG_BASE_MISMATCH, `${name} ${err.message}`);
        throw applyError(err, body.revision);
      }
    },
  };

  function applyError(err: unknown, revision: number): unknown {
    if (err instanceof StageIncompleteError) return new HttpError(409, STAGE_INCOMPLETE, err.message);
    if (!(err instanceof ConfigApplyError)) return err;
    log({ event: 'config-apply-failed', name, revision, message: err.message });
    return new HttpError(
      500,
      'apply-failed',
      `${name} could not apply configuration revision ${revision}: ${err.message}`,
    );
  }
}
