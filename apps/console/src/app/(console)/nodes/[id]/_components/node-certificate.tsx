'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import type { NodeDetail } from '~/components/api-types';
import { useTRPC } from '~/trpc/react';

import { Fingerprint } from '../../_components/node-tls-fields';

/** The collector's message for a node whose certificate is not the pinned one (see @cc/node-api). */
const CHANGED = 'certificate changed:';

/**
 * How the console reaches the node: a warning when plain HTTP was chosen; for server administrators, a
 * changed certificate shown beside the pinned one, with the button that pins the new one.
 */
export function NodeConnectionNotices({ node, canManage }: { node: NodeDetail; canManage: boolean }) {
  return (
    <>
      {node.allowPlainHttp && (
        <div
          data-testid="plain-http-warning"
          className="rounded-md border border-warning-border bg-warning-soft px-4 py-2.5 text-sm text-warning-strong"
        >
          <strong className="font-semibold">Plain HTTP:</strong> this node was registered without TLS, so its admin
          token crosses the network in clear text. Re-register it with an https:// admin URL.
        </div>
      )}
      {canManage && node.lastError?.startsWith(CHANGED) && <CertificateChanged nodeId={node.id} />}
    </>
  );
}

/** How the console checks the node's identity, for the node's details. */
export function NodeTlsSummary({ node }: { node: NodeDetail }) {
  if (node.tlsFingerprint) {
    return (
      <span className="break-all font-mono text-xs" data-testid="node-pinned-fingerprint">
        pinned {node.tlsFingerprint}
      </span>
    );
  }
  if (node.allowPlainHttp) return <span className="text-warning-strong">none (plain HTTP)</span>;
  return <>verified against CC_NODE_CA_FILE</>;
}

function CertificateChanged({ nodeId }: { nodeId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  // Asks the node itself, so only on demand and not every second.
  const cert = useQuery(trpc.nodes.certificate.queryOptions({ id: nodeId }, { staleTime: Infinity }));
  const accept = useMutation(
    trpc.nodes.acceptCertificate.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        await Promise.all([
          queryClient.invalidateQueries(trpc.nodes.certificate.queryFilter({ id: nodeId })),
          queryClient.invalidateQueries(trpc.nodes.get.queryFilter({ id: nodeId })),
        ]);
      },
    }),
  );
  const presented = cert.data?.presented?.fingerprint256;
  return (
    <section
      data-testid="certificate-changed"
      aria-labelledby="certificate-changed-title"
      className="space-y-2 rounded-md border border-danger-border bg-danger-soft px-4 py-3 text-sm text-danger-strong"
    >
      <h2 id="certificate-changed-title" className="font-semibold">
        The node presents another certificate
      </h2>
      <p>
        The console refuses to talk to this node until you accept the new certificate. Accept it only if you know why it
        changed (the agent lost its data directory, or it was given a new certificate) and the new fingerprint is the
        one the node printed when it started.
      </p>
      <dl className="grid gap-1.5 sm:grid-cols-[10rem_1fr]">
        <dt className="font-medium">Pinned</dt>
        <dd>
          <Fingerprint value={cert.data?.pinned ?? '—'} testId="pinned-fingerprint" />
        </dd>
        <dt className="font-medium">Presented now</dt>
        <dd>
          {presented ? (
            <Fingerprint value={presented} testId="presented-fingerprint" />
          ) : (
            <span className="text-xs">{cert.isLoading ? 'Asking the node…' : (cert.data?.error ?? '—')}</span>
          )}
        </dd>
      </dl>
      {accept.error && (
        <p role="alert" className="text-xs text-danger-strong">
          {accept.error.message}
        </p>
      )}
      {presented && !confirming && (
        <button
          type="button"
          onClick={() => setConfirming(true)}
          className="rounded border border-danger-border bg-card px-3 py-1.5 text-sm font-medium text-danger-strong hover:bg-danger-soft"
        >
          Accept new certificate…
        </button>
      )}
      {presented && confirming && (
        <div className="flex flex-wrap items-center gap-2">
          <span>Pin {presented.slice(0, 11)}… for this node?</span>
          <button
            type="button"
            disabled={accept.isPending}
            onClick={() => accept.mutate({ id: nodeId, tlsFingerprint: presented })}
            className="rounded bg-danger/90 px-3 py-1.5 text-sm font-medium text-danger-foreground hover:bg-danger/90 disabled:opacity-60"
          >
            Accept the new fingerprint
          </button>
          <button type="button" onClick={() => setConfirming(false)} className="px-2 py-1.5 text-sm">
            Cancel
          </button>
        </div>
      )}
    </section>
  );
}
