'use client';

import type { ReactNode } from 'react';

import { ROLE_LABELS, ROLES, type Role } from '@cc/permissions';

import { Field, inputClass } from '~/components/form-errors';

import { DomainPicker } from './domain-picker';

export interface UserFieldValues {
  name: string;
  /** '' until chosen: a new user gets no role by default. */
  role: Role | '';
  domains: string[];
}

const ROLE_HINTS: Record<Role, string> = {
  SERVER_ADMIN: 'Everything, including console users and cluster-wide settings.',
  CLUSTER_OPERATOR: 'Sees the cluster and controls node readiness; changes no settings.',
  DOMAIN_ADMIN: 'Manages accounts of the chosen domains only.',
  AUDITOR: 'Reads everything and the audit log; changes nothing.',
};

export const FIELD_NAMES = ['email', 'name', 'role', 'domains', 'password'] as const;

/** Props that tie a control to its error message for screen readers. */
export function invalidProps(id: string, errors: string[] | undefined) {
  return errors ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {};
}

/** Name, role and (for domain administrators only) domains: shared by the New user and Edit dialogs. */
export function UserFields({
  idPrefix,
  values,
  errors,
  onChange,
  autoFocusName = false,
  roleLocked = false,
}: {
  idPrefix: string;
  values: UserFieldValues;
  errors: Record<string, string[]>;
  onChange: (field: keyof UserFieldValues, value: UserFieldValues[keyof UserFieldValues]) => void;
  autoFocusName?: boolean;
  /** Your own role: another server administrator changes it (the server refuses it from you). */
  roleLocked?: boolean;
}) {
  const nameId = `${idPrefix}-name`;
  const roleId = `${idPrefix}-role`;
  return (
    <>
      <Field id={nameId} name="name" label="Name" errors={errors.name}>
        <input
          id={nameId}
          value={values.name}
          onChange={(e) => onChange('name', e.target.value)}
          autoComplete="off"
          autoFocus={autoFocusName}
          maxLength={100}
          className={inputClass}
          {...invalidProps(nameId, errors.name)}
        />
      </Field>
      <Field
        id={roleId}
        name="role"
        label="Role"
        errors={errors.role}
        hint={values.role ? ROLE_HINTS[values.role] : undefined}
      >
        <select
          id={roleId}
          value={values.role}
          onChange={(e) => onChange('role', e.target.value as Role | '')}
          disabled={roleLocked}
          title={roleLocked ? 'Another server administrator can change your role.' : undefined}
          className={inputClass}
          {...invalidProps(roleId, errors.role)}
        >
          {values.role === '' && <option value="">Choose a role…</option>}
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </Field>
      {values.role === 'DOMAIN_ADMIN' && (
        <DomainPicker value={values.domains} onChange={(d) => onChange('domains', d)} errors={errors.domains} />
      )}
    </>
  );
}

export function DialogButtons({ children }: { children: ReactNode }) {
  return <div className="flex justify-end gap-2 border-t border-border pt-4">{children}</div>;
}
