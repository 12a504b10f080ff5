import { PageSkeleton } from '~/components/page-skeleton';

/** Every console page's placeholder unless its route has a closer one (object pages do). */
export default function Loading() {
  return <PageSkeleton kind="list" />;
}
