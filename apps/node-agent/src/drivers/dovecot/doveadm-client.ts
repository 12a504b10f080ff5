// Dovecot's doveadm HTTP API (POST /doveadm/v1), one command per request:
// a batch whose first command fails comes back as invalid JSON. Failures
// arrive with HTTP 200 and an exit code; they become DoveadmError here.
import { z } from 'zod';

/** sysexits codes doveadm answers with. */
export const EX_USAGE = 64;
/** No such user, session or host: for kick and flush, "nothing to do". */
export const EX_NOUSER = 68;
export const EX_TEMPFAIL = 75;

export class DoveadmError extends Error {
  override readonly name = 'DoveadmError';
  constructor(
    readonly command: string,
    message: string,
    /** Set when doveadm ran the command and it failed. */
    readonly exitCode?: number,
    /** Set when the HTTP exchange itself failed (401 = wrong API key). */
    readonly httpStatus?: number,
  ) {
    super(message);
  }
}

// Every value comes back as a string (who, proxyList and director rows alike).
const str = z.string();
export const ZWhoRow = z.object({ username: str, service: str, pid: str.optional(), ip: str.optional() });
export type WhoRow = z.infer<typeof ZWhoRow>;
export const ZProxyRow = z.object({ username: str, service: str, 'dest-ip': str.optional() });
export type ProxyRow = z.infer<typeof ZProxyRow>;
export const ZDirectorHost = z.object({ 'mail server ip': str, vhosts: str, state: str, users: str.optional() });
export type DirectorHost = z.infer<typeof ZDirectorHost>;
export const ZServiceRow = z.object({ name: str, throttle_secs: str.optional(), process_count: str.optional() });
export const ZRingRow = z.object({ status: str });

const ZReply = z.tuple([z.string(), z.unknown(), z.string()]);
const ZErrorDetail = z.object({ type: z.string().optional(), exitCode: z.number().optional() });

export interface DoveadmClientOptions {
  /** e.g. http://127.0.0.1:8080 (the doveadm service's inet_listener http). */
  url: string;
  /** doveadm_api_key, sent as "Authorization: X-Dovecot-API <base64>". */
  apiKey: string;
  timeoutMs?: number;
}

export class DoveadmClient {
  readonly url: string;
  private readonly auth: string;
  private readonly timeoutMs: number;

  constructor(opts: DoveadmClientOptions) {
    this.url = opts.url.replace(/\/+$/, '');
    this.auth = `X-Dovecot-API ${Buffer.from(opts.apiKey).toString('base64')}`;
    this.timeoutMs = opts.timeoutMs ?? 3000;
  }

  /** Runs one command and validates its result against `schema`. */
  async call<T>(command: string, params: Record<string, unknown>, schema: z.ZodType<T>): Promise<T> {
    const where = `doveadm ${command} at ${this.url}`;
    let res: Response;
    try {
      res = await fetch(`${this.url}/doveadm/v1`, {
        method: 'POST',
        headers: { authorization: this.auth, 'content-type': 'application/json' },
        body: JSON.stringify([[command, params, 'cc']]),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const why = (err as Error).name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : causeOf(err);
      throw new DoveadmError(command, `${where}: ${why}`);
    }
    const text = await res.text();
    if (res.status === 401) throw new DoveadmError(command, `${where}: the API key was refused`, undefined, 401);
    if (!res.ok)
      throw new DoveadmError(command, `${where}: HTTP ${res.status} ${text.slice(0, 200)}`, undefined, res.status);
    let reply: z.infer<typeof ZReply>;
    try {
      const parsed = z.array(ZReply).min(1).parse(JSON.parse(text));
      reply = parsed[0]!;
    } catch {
      throw new DoveadmError(command, `${where}: unexpected answer ${text.slice(0, 200)}`);
    }
    const [kind, result] = reply;
    if (kind === 'error') {
      const detail = ZErrorDetail.safeParse(result);
      const type = detail.data?.type ?? 'error';
      const code = detail.data?.exitCode;
      throw new DoveadmError(
        command,
        `${where} failed: ${type}${code === undefined ? '' : ` (exit code ${code})`}`,
        code,
      );
    }
    const checked = schema.safeParse(result);
    if (!checked.success) throw new DoveadmError(command, `${where}: unexpected result ${text.slice(0, 200)}`);
    return checked.data;
  }

  /**
   * Sessions on a mail-store node, one row per connection (the grouped form has a JSON bug). One
   * mask at most: who and kick answer exit code 64 (EX_USAGE) to several.
   */
  who(mask?: string): Promise<WhoRow[]> {
    return this.call('who', { separateConnections: true, ...(mask && { mask: [mask] }) }, z.array(ZWhoRow));
  }

  /** Sessions a director/proxy forwards; without the header rows doveadm repeats per login process. */
  async proxyList(): Promise<ProxyRow[]> {
    const rows = await this.call('proxyList', {}, z.array(ZProxyRow));
    return rows.filter((r) => !(r.username === 'username' && r.service === 'service'));
  }

  directorStatus(): Promise<DirectorHost[]> {
    return this.call('directorStatus', {}, z.array(ZDirectorHost));
  }

  /** Runs a command whose "no such user/host/session" failure just means there was nothing to do. */
  async unlessNothing(command: string, params: Record<string, unknown>): Promise<void> {
    try {
      await this.call(command, params, z.unknown());
    } catch (err) {
      if (!(err instanceof DoveadmError && err.exitCode === EX_NOUSER)) throw err;
    }
  }
}

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused (is Dovecot running?)';
  return cause?.message ?? (err as Error).message;
}
