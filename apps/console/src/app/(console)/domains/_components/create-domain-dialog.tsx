'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';

import { ZCreateDomain } from '@cc/schemas';
import { applyServerErrors, Form, FormActions, FormField, useZodForm } from '@cc/ui';

import { setFlash } from '~/components/flash';
import { Modal } from '~/components/modal';
import { domainPath } from '~/components/paths';
import { useTRPC } from '~/trpc/react';

export function CreateDomainDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Modal open={open} onClose={onClose} title="New domain" width="max-w-md">
      {/* Mounted only while open: a reopened form starts empty. */}
      <CreateDomainForm onCancel={onClose} />
    </Modal>
  );
}

function CreateDomainForm({ onCancel }: { onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const form = useZodForm(ZCreateDomain.pick({ name: true }), { name: '' });
  const create = useMutation(
    trpc.domains.create.mutationOptions({
      onSuccess: async ({ domain, revision }) => {
        await queryClient.invalidateQueries(trpc.domains.list.pathFilter());
        const path = domainPath(domain.name);
        setFlash({ path, message: `Domain ${domain.name} created.`, revision });
        router.push(path);
      },
      onError: (error) => applyServerErrors(form, error),
    }),
  );

  return (
    <Form form={form} onSubmit={(values) => create.mutate(values)}>
      <FormField
        name="name"
        label="Domain name"
        description="Fully qualified, e.g. example.com. Nodes start serving it once the change has propagated."
        autoComplete="off"
        spellCheck={false}
        autoFocus
        maxLength={253}
      />
      <FormActions
        submitLabel="Create domain"
        pendingLabel="Creating…"
        pending={create.isPending}
        onCancel={onCancel}
      />
    </Form>
  );
}
