import { can, type Scope } from '@cc/permissions';

/** A place in the console: shown in the navigation (`nav`) and offered by the command palette. */
export interface ConsolePage {
  href: string;
  label: string;
  /** Who may open it; absent = everyone signed in. */
  scope?: Scope;
  nav?: boolean;
  /** Other words the palette matches. */
  keywords?: string[];
  /** Leads to a change (create, start): hidden from read-only roles, e.g. auditors. */
  action?: boolean;
}

const PAGES: readonly ConsolePage[] = [
  { href: '/', label: 'Dashboard', keywords: ['home', 'overview'] },
  { href: '/nodes', label: 'Nodes', scope: 'cluster:read', nav: true, keywords: ['servers', 'cluster'] },
  { href: '/ports', label: 'Ports', scope: 'cluster:read', nav: true, keywords: ['firewall', 'required ports'] },
  { href: '/sizing', label: 'Sizing', scope: 'cluster:read', nav: true, keywords: ['capacity', 'planning'] },
  { href: '/upgrades', label: 'Upgrades', scope: 'cluster:read', nav: true, keywords: ['rolling upgrade', 'version'] },
  { href: '/domains', label: 'Domains', scope: 'domains:read', nav: true, keywords: ['accounts', 'tenants'] },
  { href: '/alerts', label: 'Alerts', scope: 'domains:read', nav: true, keywords: ['announcements'] },
  { href: '/health', label: 'Health', scope: 'domains:read', nav: true, keywords: ['findings', 'problems'] },
  {
    href: '/health/notifications',
    label: 'Notification channels',
    scope: 'settings:read',
    keywords: ['webhook', 'email'],
  },
  {
    href: '/settings',
    label: 'Settings',
    scope: 'settings:read',
    nav: true,
    keywords: ['defaults', 'cluster settings'],
  },
  { href: '/users', label: 'Users', scope: 'users:read', nav: true, keywords: ['console users', 'roles'] },
  { href: '/audit', label: 'Audit log', scope: 'audit:read', nav: true, keywords: ['history', 'events'] },
  { href: '/account', label: 'Your account', keywords: ['password', 'two-factor', 'time zone', 'language'] },
  { href: '/upgrades/new', label: 'Start an upgrade', scope: 'cluster:control', action: true, keywords: ['upgrade'] },
];

/** The pages a role may open; `actions: false` drops those that lead to a change. */
export function pagesFor(role: unknown): ConsolePage[] {
  return PAGES.filter((p) => !p.scope || can(role, p.scope));
}

export function navPagesFor(role: unknown): ConsolePage[] {
  return pagesFor(role).filter((p) => p.nav);
}

/** Whether the page at `pathname` belongs to the nav entry `href` ('/nodes' covers '/nodes/abc'). */
export function isCurrent(href: string, pathname: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}
