'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';

import type { PlanNodeView } from '~/components/api-types';
import { inputBaseClass, summaryOf, type FormErrorLike } from '~/components/form-errors';
import { buttonClass, ErrorPanel, Panel } from '~/components/panel';
import { useTRPC } from '~/trpc/react';

import { PlanOrder } from './plan-editor';
import { PreflightChecks } from './preflight-checks';
import { ReleasePicker } from './release-picker';
import { StartConfirm } from './start-confirm';

type Step = 1 | 2 | 3;
const STEPS = ['Target version', 'Preflight checks', 'Plan and start'] as const;

/** Choose a version, pass the preflight, adjust the plan, start: the run then continues on the server. */
export function UpgradeWizard() {
  const trpc = useTRPC();
  const router = useRouter();
  const [step, setStep] = useState<Step>(1);
  const [version, setVersion] = useState<string | null>(null);
  const [deadline, setDeadline] = useState(600);
  const [deadlineAction, setDeadlineAction] = useState<'wait' | 'end-sessions'>('wait');
  const [pauseAfterEachNode, setPauseAfterEachNode] = useState(false);
  const [order, setOrder] = useState<PlanNodeView[] | null>(null);
  const [confirming, setConfirming] = useState(false);

  const releases = useQuery(trpc.upgrades.releases.queryOptions());
  const validDeadline = Number.isInteger(deadline) && deadline >= 5;
  const preflight = useQuery(
    trpc.upgrades.preflight.queryOptions(
      { targetVersion: version ?? '0.0.0', drainDeadlineSeconds: validDeadline ? deadline : 600 },
      { enabled: version !== null && step >= 2, refetchInterval: step === 2 ? 3000 : false },
    ),
  );
  const start = useMutation(
    trpc.upgrades.start.mutationOptions({ onSuccess: ({ id }) => router.push(`/upgrades/${id}`) }),
  );
  const plan = order ?? preflight.data?.plan.order ?? [];

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Plan an upgrade</h1>
        <ol className="mt-2 flex flex-wrap gap-4 text-sm" aria-label="Wizard steps">
          {STEPS.map((label, i) => (
            <li
              key={label}
              aria-current={step === i + 1 ? 'step' : undefined}
              className={step === i + 1 ? 'font-semibold text-primary' : 'text-muted-foreground'}
            >
              {i + 1}. {label}
            </li>
          ))}
        </ol>
      </div>

      {step === 1 && (
        <Panel title="1. Target version">
          {releases.error && <ErrorPanel>{releases.error.message}</ErrorPanel>}
          {releases.data && (
            <ReleasePicker
              releases={releases.data.releases}
              value={version}
              onChange={(v) => {
                setVersion(v);
                setOrder(null);
              }}
            />
          )}
          <div className="mt-4 flex justify-end">
            <button type="button" className={buttonClass.primary} disabled={!version} onClick={() => setStep(2)}>
              Next: preflight checks
            </button>
          </div>
        </Panel>
      )}

      {step === 2 && (
        <Panel title={`2. Preflight checks for ${version}`}>
          {preflight.error && <ErrorPanel>{preflight.error.message}</ErrorPanel>}
          {preflight.data ? <PreflightChecks checks={preflight.data.checks} /> : <p className="text-sm">Checking…</p>}
          <p className="mt-2 text-xs text-muted-foreground">Checked again every few seconds.</p>
          <div className="mt-4 flex justify-between">
            <button type="button" className={buttonClass.secondary} onClick={() => setStep(1)}>
              Back
            </button>
            <button
              type="button"
              className={buttonClass.primary}
              disabled={!preflight.data?.ok}
              onClick={() => setStep(3)}
            >
              Next: plan
            </button>
          </div>
        </Panel>
      )}

      {step === 3 && (
        <Panel title={`3. Plan: ${plan.length} node${plan.length === 1 ? '' : 's'} to ${version}`}>
          <div className="space-y-4">
            <PlanOrder nodes={plan} onChange={setOrder} />
            <div className="flex flex-wrap items-end gap-4 text-sm">
              <label className="flex flex-col gap-1">
                <span className="font-medium">Drain deadline per node (seconds)</span>
                <input
                  type="number"
                  min={5}
                  name="drainDeadlineSeconds"
                  value={Number.isNaN(deadline) ? '' : deadline}
                  onChange={(e) => setDeadline(e.target.valueAsNumber)}
                  className={`w-40 ${inputBaseClass}`}
                />
              </label>
              <label className="flex flex-col gap-1">
                <span className="font-medium">When the deadline passes</span>
                <select
                  name="deadlineAction"
                  value={deadlineAction}
                  onChange={(e) => setDeadlineAction(e.target.value as 'wait' | 'end-sessions')}
                  className={inputBaseClass}
                >
                  <option value="wait">Keep waiting for sessions to end</option>
                  <option value="end-sessions">End the remaining sessions</option>
                </select>
              </label>
              <label className="flex items-center gap-2">
                <input
                  type="checkbox"
                  name="pauseAfterEachNode"
                  checked={pauseAfterEachNode}
                  onChange={(e) => setPauseAfterEachNode(e.target.checked)}
                />
                Pause after each node
              </label>
            </div>
            {start.error && !confirming && (
              <ErrorPanel testId="start-error">{summaryOf(start.error as FormErrorLike, [])}</ErrorPanel>
            )}
            <div className="flex justify-between">
              <button type="button" className={buttonClass.secondary} onClick={() => setStep(2)}>
                Back
              </button>
              <button
                type="button"
                className={buttonClass.primary}
                disabled={start.isPending || !validDeadline || plan.length === 0}
                onClick={() => setConfirming(true)}
              >
                Start upgrade…
              </button>
            </div>
          </div>
        </Panel>
      )}
      {version && (
        <StartConfirm
          open={confirming}
          plan={{ version, order: plan, drainDeadlineSeconds: deadline, deadlineAction, pauseAfterEachNode }}
          pending={start.isPending}
          error={start.error as FormErrorLike | null}
          onCancel={() => setConfirming(false)}
          onConfirm={() =>
            start.mutate({
              targetVersion: version,
              order: plan.map((n) => n.id),
              drainDeadlineSeconds: deadline,
              deadlineAction,
              pauseAfterEachNode,
            })
          }
        />
      )}
    </div>
  );
}
