import { z } from 'zod';

import { ZVersion, zInt8String, zText } from './common';
import { SEVERITIES } from './health';

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'dead'] as const;
export const DELIVERY_EVENTS = ['opened', 'closed', 'test'] as const;
export type DeliveryEvent = (typeof DELIVERY_EVENTS)[number];

const HOST =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$|^[0-9a-f:.]+$/i;
const EMAIL = z.email('Not an e-mail address.').max(254);

export const ZWebhookUrl = z
  .string()
  .trim()
  .max(2000, 'At most 2000 characters.')
  .refine((u) => URL.canParse(u) && ['http:', 'https:'].includes(new URL(u).protocol), {
    message: 'A webhook URL must start with http:// or https://.',
  });

/** The secrets of a channel: optional on update (left out: the stored one stays). */
const ZWebhookSecret = zText(500).min(16, 'At least 16 characters.');

export const ZWebhookConfig = z.object({ url: ZWebhookUrl });
export const ZEmailConfig = z.object({
  host: z.string().trim().regex(HOST, 'A host name or IP address.'),
  port: z.number().int().min(1, 'A port from 1 to 65535.').max(65535, 'A port from 1 to 65535.'),
  /** 'none': plain SMTP; 'starttls': STARTTLS required; 'tls': TLS from the first byte (port 465). */
  security: z.enum(['none', 'starttls', 'tls']),
  user: zText(254).trim().optional(),
  from: EMAIL,
  to: z.array(EMAIL).min(1, 'At least one recipient.').max(20, 'At most 20 recipients.'),
});

const common = {
  name: zText(100).trim().min(1, 'Enter a name.'),
  minSeverity: z.enum(SEVERITIES),
  enabled: z.boolean().default(true),
};

export const ZChannelInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('webhook'), ...common, config: ZWebhookConfig, secret: ZWebhookSecret.optional() }),
  z.object({ kind: z.literal('email'), ...common, config: ZEmailConfig, password: zText(500).optional() }),
]);
export type ChannelInput = z.infer<typeof ZChannelInput>;

export const ZChannelId = z.object({ id: z.uuid({ message: 'Not a channel id.' }) });
export const ZCreateChannel = ZChannelInput;
export const ZUpdateChannel = z.object({ id: z.uuid(), expectedVersion: ZVersion, channel: ZChannelInput });
export const ZListDeliveries = z.object({
  status: z.enum(DELIVERY_STATUSES).optional(),
  channelId: z.uuid().optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export const ZDeliveryId = z.object({ id: zInt8String('Not a delivery id.') });
