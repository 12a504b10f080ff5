'use client';

import { useController, useFormContext, useWatch } from 'react-hook-form';

import { ROLE_LABELS, ROLES, type Role } from '@cc/permissions';
import { FormField, useFieldError } from '@cc/ui';

import { DomainPicker } from './domain-picker';

const ROLE_HINTS: Record<Role, string> = {
  SERVER_ADMIN: 'Everything, including console users and cluster-wide settings.',
  CLUSTER_OPERATOR: 'Sees the cluster and controls node readiness; changes no settings.',
  DOMAIN_ADMIN: 'Manages accounts of the chosen domains only.',
  AUDITOR: 'Reads everything and the audit log; changes nothing.',
};

/** What both user forms hold; role is '' until chosen (a new user gets no role by default). */
export interface UserFieldValues {
  name: string;
  role: Role | '';
  domains: string[];
}

/** A domain administrator's domains; any other role has none. */
export const domainsFor = (v: { role?: string; domains?: string[] }) =>
  v.role === 'DOMAIN_ADMIN' ? (v.domains ?? []) : [];

/** Name, role and (for domain administrators only) domains: shared by the New user and Edit dialogs. */
export function UserFields({
  autoFocusName = false,
  roleLocked = false,
}: {
  autoFocusName?: boolean;
  roleLocked?: boolean;
}) {
  const role = useWatch({ name: 'role' }) as Role | '';
  return (
    <>
      <FormField name="name" label="Name" autoComplete="off" autoFocus={autoFocusName} maxLength={100} />
      <FormField name="role" label="Role" description={role ? ROLE_HINTS[role] : undefined}>
        {(control) => (
          <select
            {...control}
            // Your own role: another server administrator changes it (the server refuses it from you).
            disabled={roleLocked}
            title={roleLocked ? 'Another server administrator can change your role.' : undefined}
          >
            {role === '' && <option value="">Choose a role…</option>}
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        )}
      </FormField>
      {role === 'DOMAIN_ADMIN' && <DomainsField />}
    </>
  );
}

function DomainsField() {
  const { control } = useFormContext<UserFieldValues>();
  const { field } = useController({ control, name: 'domains' });
  const { error } = useFieldError('domains', 'domains');
  return <DomainPicker value={field.value} onChange={field.onChange} errors={error ? [error] : undefined} />;
}
