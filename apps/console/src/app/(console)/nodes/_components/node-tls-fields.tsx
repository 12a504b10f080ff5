'use client';

/** What the node presented at "Test connection" (the API's PresentedCertificate). */
export interface PresentedCertificate {
  fingerprint256: string;
  subject: string;
  validFrom: string;
  validTo: string;
  verified: boolean;
}

/** A fingerprint split in groups so two can be compared by eye. */
export function Fingerprint({ value, testId }: { value: string; testId?: string }) {
  return (
    <code data-testid={testId} className="block break-all font-mono text-xs leading-relaxed text-foreground">
      {value}
    </code>
  );
}

/**
 * The certificate step of a registration: the fingerprint the node presented, to be compared with the
 * one the agent printed when it started (its `listening` line), and confirmed. Over http:// instead,
 * the explicit choice to send the token in clear text.
 */
export function NodeTlsFields({
  id,
  adminUrl,
  certificate,
  trust,
  confirmed,
  onConfirm,
  allowPlainHttp,
  onAllowPlainHttp,
  errors,
}: {
  id: string;
  adminUrl: string;
  certificate: PresentedCertificate | null;
  trust: string | null;
  confirmed: boolean;
  onConfirm: (confirmed: boolean) => void;
  allowPlainHttp: boolean;
  onAllowPlainHttp: (allow: boolean) => void;
  errors: { tlsFingerprint?: string[]; allowPlainHttp?: string[] };
}) {
  const plain = adminUrl.trim().toLowerCase().startsWith('http://');
  return (
    <>
      {plain && (
        <div className="rounded border border-warning-border bg-warning-soft px-3 py-2 text-sm text-warning-strong">
          <label className="flex items-start gap-2">
            <input
              type="checkbox"
              checked={allowPlainHttp}
              onChange={(e) => onAllowPlainHttp(e.target.checked)}
              className="mt-0.5"
            />
            <span>Allow plain HTTP (token sent in clear)</span>
          </label>
          <p className="mt-1 text-xs">
            Anyone on the network path can read the node&apos;s token. Prefer https:// (the agent serves it by default).
          </p>
        </div>
      )}
      {!plain && certificate && (
        <div
          data-testid="node-certificate"
          className="rounded border border-border bg-muted/60 px-3 py-2 text-sm text-foreground"
        >
          <p className="font-medium">Certificate SHA-256 fingerprint</p>
          <Fingerprint value={certificate.fingerprint256} testId="node-fingerprint" />
          <p className="mt-1 text-xs text-secondary-foreground">
            {certificate.subject && `${certificate.subject}, `}valid until {certificate.validTo.slice(0, 10)}
            {trust === 'ca' && ' — verified against CC_NODE_CA_FILE'}
          </p>
          {trust !== 'ca' && (
            <label className="mt-2 flex items-start gap-2">
              <input
                id={`${id}-confirm`}
                type="checkbox"
                checked={confirmed}
                onChange={(e) => onConfirm(e.target.checked)}
                className="mt-0.5"
              />
              <span>
                It matches the fingerprint the node printed when it started (<code>fingerprint256</code> in its
                listening line)
              </span>
            </label>
          )}
        </div>
      )}
      {(errors.tlsFingerprint ?? errors.allowPlainHttp) && (
        <p data-testid="field-error-tlsFingerprint" className="text-xs text-danger-strong">
          {[...(errors.tlsFingerprint ?? []), ...(errors.allowPlainHttp ?? [])].join(' ')}
        </p>
      )}
    </>
  );
}
