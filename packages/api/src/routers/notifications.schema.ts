import { z } from 'zod';

import { ZVersion, zInt8String } from '../common.schema';
import { DELIVERY_STATUSES, ZChannelInput } from '../services/notifications/types';

export const ZChannelId = z.object({ id: z.uuid({ message: 'Not a channel id.' }) });
export const ZCreateChannel = ZChannelInput;
export const ZUpdateChannel = z.object({ id: z.uuid(), expectedVersion: ZVersion, channel: ZChannelInput });
export const ZListDeliveries = z.object({
  status: z.enum(DELIVERY_STATUSES).optional(),
  channelId: z.uuid().optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export const ZDeliveryId = z.object({ id: zInt8String('Not a delivery id.') });
