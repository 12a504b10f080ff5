/** An account's Enabled / Disabled state. */
export function EnabledBadge({ enabled }: { enabled: boolean }) {
  return (
    <span
      data-testid="account-enabled"
      data-enabled={enabled}
      className={`inline-block rounded border px-1.5 py-px text-xs font-medium ${enabled ? 'border-emerald-200 bg-emerald-50 text-emerald-800' : 'border-zinc-300 bg-zinc-100 text-zinc-700'}`}
    >
      {enabled ? 'Enabled' : 'Disabled'}
    </span>
  );
}
