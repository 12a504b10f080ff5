'use client';

import { useState, type ReactNode } from 'react';

import type { SettingDef } from '@cc/settings';

import type { EffectiveSettingRow } from './api-types';
import type { FormErrorLike } from './form-errors';
import { Panel } from './panel';
import { PropagationStatus } from './propagation-status';
import { SettingsForm } from './settings-form';
import type { SettingChanges, SettingsLevel } from './settings-values';

/**
 * One level's settings (cluster defaults, a domain, an account) in a panel: the form, and once saved,
 * "Saved." with how far the change has reached the nodes. The caller owns the mutation (what it
 * invalidates differs per level); this keeps the save/reload/propagation flow the same everywhere.
 */
export function ScopedSettings({
  title,
  testId,
  actions,
  intro,
  level,
  settings,
  editable,
  save,
  onSave,
  reload,
  formTestId,
}: {
  title: string;
  testId: string;
  actions?: ReactNode;
  intro?: ReactNode;
  level: SettingsLevel;
  settings: readonly EffectiveSettingRow[];
  editable: (def: SettingDef) => boolean;
  /** The level's update mutation; its state drives the form. */
  save: { isPending: boolean; error: FormErrorLike | null; reset: () => void };
  /** Sends the changes with the version the data was loaded at; resolves with the configuration revision. */
  onSave: (changes: SettingChanges) => Promise<{ revision: bigint }>;
  reload: () => Promise<unknown>;
  formTestId?: string;
}) {
  const [revision, setRevision] = useState<bigint | null>(null);
  return (
    <Panel title={title} testId={testId} actions={actions}>
      {intro && <p className="mb-3 text-xs text-muted-foreground">{intro}</p>}
      <SettingsForm
        level={level}
        settings={settings}
        editable={editable}
        pending={save.isPending}
        error={save.error}
        onSave={async (changes) => setRevision((await onSave(changes)).revision)}
        onReload={async () => {
          save.reset();
          setRevision(null);
          await reload();
        }}
        testId={formTestId}
      />
      {revision !== null && !save.error && (
        <div className="mt-3">
          <p role="status" className="mb-1.5 text-sm text-success-strong">
            Saved.
          </p>
          <PropagationStatus revision={revision} />
        </div>
      )}
    </Panel>
  );
}
