// POST /v1/accounts/sessions and /v1/accounts/sessions/end: one account's
// sessions, for the console's "where is this user logged in" and its
// KILLACCOUNTSESSIONS. Only drivers that can tell sessions apart by account
// serve them; the rest answer 501 so the console can say why.
import type { AccountSessions, endpoints, SessionCounts } from '@cc/node-api';
import type { NodeDriver } from './drivers';
import { HttpError, type Handlers } from './server';

type AccountHandlers = Pick<Handlers<typeof endpoints>, 'accountSessions' | 'endAccountSessions'>;

const total = (c: SessionCounts) => c.imap + c.pop + c.smtp + c.http;

export function accountHandlers(
  driver: NodeDriver,
  name: string,
  log: (event: Record<string, unknown>) => void,
): AccountHandlers {
  const unsupported = (what: string) =>
    new HttpError(501, 'unsupported', `${name}'s ${driver.kind} driver cannot ${what}`);
  return {
    accountSessions: async ({ body }) => {
      if (!driver.accountSessions) throw unsupported('list sessions per account');
      const open = await driver.accountSessions(body.accounts.map((a) => a.toLowerCase()));
      // Answered in the caller's spelling and order, each account once, so it can match its own list.
      const seen = new Set<string>();
      const accounts: AccountSessions[] = [];
      for (const address of body.accounts) {
        const key = address.toLowerCase();
        const sessions = open.get(key);
        if (seen.has(key) || !sessions || total(sessions) === 0) continue;
        seen.add(key);
        accounts.push({ address, sessions });
      }
      return { json: { accounts } };
    },
    endAccountSessions: async ({ body }) => {
      if (!driver.endAccountSessions) throw unsupported("end one account's sessions");
      const ended = await driver.endAccountSessions(body.account);
      log({ event: 'account-sessions-ended', name, account: body.account, ended });
      return { json: { ended } };
    },
  };
}
