// Types for imap.mjs.
export class ImapSession {
  readonly closed: Promise<void>;
  readonly isOpen: boolean;
  greeting(timeoutMs?: number): Promise<string[]>;
  command(text: string, timeoutMs?: number): Promise<string[]>;
  logout(): Promise<void>;
  destroy(): void;
}

export function imapLogin(opts: {
  host: string;
  port: number;
  user: string;
  password: string;
  timeoutMs?: number;
}): Promise<ImapSession>;
