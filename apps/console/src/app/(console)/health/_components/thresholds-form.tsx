'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { ZUpdateHealthSettings } from '@cc/schemas';
import { applyServerErrors, Form, FormActions, FormField, useZodForm, type FormErrorLike } from '@cc/ui';

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
  // health.updateSettings's own input: every threshold with its range and message.
  const form = useZodForm(ZUpdateHealthSettings, { ...settings.thresholds, expectedVersion: settings.version });
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.health.updateSettings.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        void queryClient.invalidateQueries({ queryKey: trpc.health.settings.queryKey() });
      },
      onError: (error: FormErrorLike) => applyServerErrors(form, error),
    }),
  );

  return (
    <section className="rounded-lg border border-border bg-card" aria-labelledby="thresholds">
      <h2 id="thresholds" className="border-b border-border px-4 py-3 font-semibold">
        Thresholds
      </h2>
      <Form
        form={form}
        className="space-y-4 px-4 py-4"
        onSubmit={(values) => {
          setSaved(false);
          save.mutate(values);
        }}
      >
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {FIELDS.map(([key, label]) => (
            <FormField
              key={key}
              id={`threshold-${key}`}
              name={key}
              label={label}
              type="number"
              disabled={!canManage}
              rules={{ valueAsNumber: true }}
            />
          ))}
        </div>
        <p className="text-xs text-muted-foreground">
          Disk use is not reported by agents yet; the disk threshold applies once it is. Last changed{' '}
          {settings.updatedBy ? `by ${settings.updatedBy}` : 'never'}.
        </p>
        {saved && <p className="text-sm text-success-strong">Saved.</p>}
        {canManage && (
          <FormActions
            submitLabel="Save thresholds"
            pending={save.isPending}
            bordered={false}
            className="justify-start"
          />
        )}
      </Form>
    </section>
  );
}
