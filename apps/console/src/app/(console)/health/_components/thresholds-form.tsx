'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { ErrorSummary, Field, fieldErrorsOf, inputClass } from '~/components/form-errors';
import { useTRPC } from '~/trpc/react';

const FIELDS = [
  ['cpuPercent', 'CPU above (%)'],
  ['memoryPercent', 'Memory above (%)'],
  ['diskPercent', 'Disk above (%)'],
  ['resourceSustainSeconds', '… sustained for (seconds)'],
  ['configLagSeconds', 'Configuration lagging for (seconds)'],
  ['flapCount', 'Flapping: Down at least (times)'],
  ['flapWindowMinutes', '… within (minutes)'],
  ['clockSkewSeconds', 'Clock skew above (seconds)'],
  ['certExpiryDays', 'Certificate expires within (days)'],
  ['mixedVersionsGraceMinutes', 'Mixed versions outside an upgrade for (minutes)'],
] as const;
type Key = (typeof FIELDS)[number][0];

/** The evaluator's thresholds: server administrators change them (versioned, audited). */
export function ThresholdsForm({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.health.settings.queryOptions());
  if (!settings.data) return null;
  // Keyed by version: a saved change starts the fields from the stored values again.
  return <ThresholdsFields key={settings.data.version} settings={settings.data} canManage={canManage} />;
}

function ThresholdsFields({
  settings,
  canManage,
}: {
  settings: { thresholds: Record<Key, number>; version: number; updatedBy: string | null };
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState(
    () => Object.fromEntries(FIELDS.map(([k]) => [k, String(settings.thresholds[k])])) as Record<Key, string>,
  );
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.health.updateSettings.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        void queryClient.invalidateQueries({ queryKey: trpc.health.settings.queryKey() });
      },
    }),
  );
  const errors = fieldErrorsOf(save.error);

  return (
    <section className="rounded-lg border border-border bg-card" aria-labelledby="thresholds">
      <h2 id="thresholds" className="border-b border-border px-4 py-3 font-semibold">
        Thresholds
      </h2>
      <form
        className="space-y-4 px-4 py-4"
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          const numbers = Object.fromEntries(FIELDS.map(([k]) => [k, Number(values[k])])) as Record<Key, number>;
          save.mutate({ ...numbers, expectedVersion: settings.version });
        }}
      >
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {FIELDS.map(([key, label]) => (
            <Field key={key} id={`threshold-${key}`} name={key} label={label} errors={errors[key]}>
              <input
                id={`threshold-${key}`}
                type="number"
                className={inputClass}
                disabled={!canManage}
                aria-invalid={errors[key] ? true : undefined}
                value={values[key]}
                onChange={(e) => setValues({ ...values, [key]: e.target.value })}
              />
            </Field>
          ))}
        </div>
        <p className="text-xs text-muted-foreground">
          Disk use is not reported by agents yet; the disk threshold applies once it is. Last changed{' '}
          {settings.updatedBy ? `by ${settings.updatedBy}` : 'never'}.
        </p>
        <ErrorSummary error={save.error} fields={FIELDS.map(([k]) => k)} />
        {saved && <p className="text-sm text-success-strong">Saved.</p>}
        {canManage && (
          <button
            type="submit"
            disabled={save.isPending}
            className="rounded bg-primary px-3 py-2 text-sm font-medium text-primary-foreground hover:bg-primary/90 disabled:opacity-60"
          >
            Save thresholds
          </button>
        )}
      </form>
    </section>
  );
}
