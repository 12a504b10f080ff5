'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';

import { AlertAudience, AlertStatusBadge, AlertText, SeverityBadge } from '~/components/alert-bits';
import { AlertDeliveryStatus, useAlertDelivery } from '~/components/alert-delivery';
import type { AlertView } from '~/components/api-types';
import { ConfirmStep } from '~/components/confirm-step';
import { errorCodeOf } from '~/components/form-errors';
import { Modal } from '~/components/modal';
import { buttonClass, ErrorPanel, Notice, NotFoundPanel, Panel } from '~/components/panel';
import { RelativeTime } from '~/components/relative-time';
import { Stat } from '~/components/stat';
import { useTRPC } from '~/trpc/react';
import { useFormat } from '@cc/ui';

/** Cluster-wide alerts are server administrators' (domains:manage); the rest, anyone who edits the domain. */
function mayRemove(alert: Pick<AlertView, 'scope' | 'status'>, canEdit: boolean, canManage: boolean) {
  if (alert.status !== 'active' && alert.status !== 'scheduled') return false;
  return alert.scope === 'cluster' ? canManage : canEdit;
}

export function AlertDetailView({ id, canEdit, canManage }: { id: string; canEdit: boolean; canManage: boolean }) {
  const fmt = useFormat();
  const delivery = useAlertDelivery(id);
  const [removing, setRemoving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const code = errorCodeOf(delivery.error);
  if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') {
    return (
      <NotFoundPanel title="Alert not found" backHref="/alerts" backLabel="Back to alerts" testId="alert-not-found">
        There is no such alert, or it is not one you may see.
      </NotFoundPanel>
    );
  }
  if (delivery.error && !delivery.data) {
    return <ErrorPanel>Could not load this alert: {delivery.error.message}</ErrorPanel>;
  }
  if (!delivery.data) return <p className="text-sm text-muted-foreground">Loading alert…</p>;
  const alert = delivery.data.alert;

  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
        <Link href="/alerts" className="hover:text-foreground hover:underline">
          Alerts
        </Link>
        <span className="mx-1.5">/</span>
        <span className="text-secondary-foreground">Posted {fmt.dateTime(alert.postedAt)}</span>
      </nav>

      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold tracking-tight">Alert</h1>
        <SeverityBadge severity={alert.severity} />
        <AlertStatusBadge status={alert.status} />
        {mayRemove(alert, canEdit, canManage) && (
          <button type="button" onClick={() => setRemoving(true)} className={`ml-auto ${buttonClass.danger}`}>
            Remove
          </button>
        )}
      </div>

      {notice && <Notice onDismiss={() => setNotice(null)}>{notice}</Notice>}

      <section
        aria-label="Alert text"
        className="rounded-md border border-border bg-card px-4 py-3 text-[15px] leading-relaxed"
      >
        <AlertText text={alert.text} />
      </section>

      <dl className="grid grid-cols-2 divide-x divide-border rounded-md border border-border bg-card sm:grid-cols-3 lg:grid-cols-6">
        <Stat label="Audience">
          <AlertAudience alert={alert} />
        </Stat>
        <Stat label="Author">
          <span className="break-all">{alert.authorEmail ?? 'system'}</span>
        </Stat>
        <Stat label="Posted">
          <div>{fmt.dateTime(alert.postedAt)}</div>
          <RelativeTime date={alert.postedAt} className="text-xs text-muted-foreground" />
        </Stat>
        <Stat label="Starts">{alert.startsAt ? fmt.dateTime(alert.startsAt) : 'on posting'}</Stat>
        <Stat label="Expires">{alert.expiresAt ? fmt.dateTime(alert.expiresAt) : 'never'}</Stat>
        <Stat label="Removed" testId="alert-removed-by">
          {alert.removedAt ? (
            <>
              <div>{fmt.dateTime(alert.removedAt)}</div>
              <div className="break-all text-xs text-muted-foreground">by {alert.removedBy ?? 'system'}</div>
            </>
          ) : (
            '—'
          )}
        </Stat>
      </dl>

      <Panel title="Delivery" testId="alert-delivery-panel">
        <AlertDeliveryStatus delivery={delivery.data} />
        <p className="mt-2 text-xs text-muted-foreground">
          Carried to the nodes by configuration revision #{String(alert.revision)}
          {alert.removedRevision !== null && `, removed by #${String(alert.removedRevision)}`}. A node that was down
          receives it when it returns.
        </p>
      </Panel>

      <Modal open={removing} onClose={() => setRemoving(false)} title="Remove alert" width="max-w-md">
        <RemoveConfirm
          alert={alert}
          onCancel={() => setRemoving(false)}
          onRemoved={() => {
            setRemoving(false);
            setNotice('Alert removed. The nodes stop showing it once the removal reaches them.');
          }}
        />
      </Modal>
    </div>
  );
}

function RemoveConfirm({
  alert,
  onCancel,
  onRemoved,
}: {
  alert: AlertView;
  onCancel: () => void;
  onRemoved: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.alerts.remove.mutationOptions({
      onSuccess: async () => {
        // The delivery poll picks the removal up and follows it to every node.
        await queryClient.invalidateQueries(trpc.alerts.pathFilter());
        onRemoved();
      },
    }),
  );
  const audience = alert.scope === 'cluster' ? 'every account of every shared domain' : alert.target;
  return (
    <ConfirmStep
      error={remove.error}
      pending={remove.isPending}
      confirmLabel="Remove alert"
      pendingLabel="Removing…"
      onCancel={onCancel}
      onConfirm={() => remove.mutate({ id: alert.id })}
    >
      Remove this alert? Users of <strong className="font-semibold">{audience}</strong> stop seeing it once the removal
      reaches the nodes. This cannot be undone; post it again if needed.
    </ConfirmStep>
  );
}
