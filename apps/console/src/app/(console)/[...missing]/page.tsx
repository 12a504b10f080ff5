import { notFound } from 'next/navigation';

/**
 * Any path no page claims lands here, inside the console's layout, so its 404 keeps the navigation
 * (the framework's own 404 would render outside it). More specific routes always win over this one.
 */
export default function Missing(): never {
  notFound();
}
