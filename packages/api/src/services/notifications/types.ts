import type { DeliveryEvent } from '@cc/schemas';

// The channel input is a procedure input: defined in @cc/schemas with the other inputs.
export {
  DELIVERY_EVENTS,
  DELIVERY_STATUSES,
  ZChannelInput,
  ZEmailConfig,
  ZWebhookConfig,
  ZWebhookUrl,
  type ChannelInput,
  type DeliveryEvent,
} from '@cc/schemas';

export interface ChannelSecrets {
  secret?: string;
  password?: string;
}

/** What a notification says, stored with the delivery (the message as of the event). */
export interface NotificationPayload {
  event: DeliveryEvent;
  finding: {
    id: string | null;
    kind: string;
    severity: string;
    summary: string;
    explanation: string;
    suggestedAction: string;
    subjects: unknown;
    links: unknown;
    openedAt: string;
    closedAt: string | null;
  };
}
