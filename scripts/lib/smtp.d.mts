// Types for smtp.mjs.
export interface SmtpResult {
  stage: 'connect' | 'MAIL' | 'RCPT' | 'DATA' | 'done';
  reply: string;
}

export function sendMail(opts: {
  host: string;
  port: number;
  from: string;
  to: string;
  body: string;
  localAddress?: string;
  lmtp?: boolean;
  timeoutMs?: number;
}): Promise<SmtpResult>;
