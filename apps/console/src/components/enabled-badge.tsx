import { Badge } from '@cc/ui';

/** An account's Enabled / Disabled state. */
export function EnabledBadge({ enabled }: { enabled: boolean }) {
  return (
    <Badge tone={enabled ? 'success' : 'neutral'} data-testid="account-enabled" data-enabled={enabled}>
      {enabled ? 'Enabled' : 'Disabled'}
    </Badge>
  );
}
