// What happens to a deleted account's mailbox on the shared storage: chosen
// in the delete dialog, stored in the deletion's revision, carried out by the
// nodes (they get it as `deleted` in the account change).
import type { AccountDeletion } from '@cc/node-api';

export type MailboxFate = { mailbox: 'keep' | 'remove' } | { mailbox: 'archive'; archiveFolder: string };

export function describeMailboxFate(fate: MailboxFate): string {
  if (fate.mailbox === 'archive') return `mailbox archived to folder ${fate.archiveFolder}`;
  return fate.mailbox === 'keep' ? 'mailbox kept' : 'mailbox removed';
}

/** The revision item a deletion records: which mailbox (by id; the address may be reused) and its fate. */
export function deletionItem(accountId: string, fate: MailboxFate) {
  return { key: 'deleted', before: { id: accountId }, after: fate };
}

/**
 * A deletion read back from a revision item, or null for other items. Deletions recorded before the
 * choice existed (`after: true`) keep the mailbox: nothing is removed that nobody chose to remove.
 */
export function deletionOf(item: { key?: string; before?: unknown; after?: unknown }): {
  id?: string;
  deleted: AccountDeletion;
} | null {
  if (item.key !== 'deleted') return null;
  const id = (item.before as { id?: unknown } | undefined)?.id;
  const after = item.after as Partial<{ mailbox: unknown; archiveFolder: unknown }> | true | undefined;
  const withId = typeof id === 'string' ? { id } : {};
  if (typeof after !== 'object' || after === null) return { ...withId, deleted: { mailbox: 'keep' } };
  if (after.mailbox === 'archive' && typeof after.archiveFolder === 'string') {
    return { ...withId, deleted: { mailbox: 'archive', archiveFolder: after.archiveFolder } };
  }
  return { ...withId, deleted: { mailbox: after.mailbox === 'remove' ? 'remove' : 'keep' } };
}
