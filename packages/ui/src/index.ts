// The console's UI kit. Each section is owned by one area; add exports under your own heading.
export { cn } from './cn';

// --- primitives: dialog, alert dialog, dropdown, tabs, tooltip, popover, toast, badge, stat, progress, skeleton, theme
export * from './alert-dialog';
export * from './badge';
export * from './button';
export * from './dialog';
export * from './dropdown-menu';
export * from './popover';
export * from './progress';
export * from './skeleton';
export * from './stat';
export * from './tabs';
export * from './theme';
export * from './theme-script';
export * from './toast';
export * from './tooltip';

// --- data table (TanStack Table)
export * from './data-table';
export { plural } from './plural';

// --- forms (react-hook-form + zod)
export * from './form';

// --- shell: formatter, command palette, skip link
export * from './format';
export { SkipLink } from './skip-link';
export { CommandPalette, type CommandGroupItems } from './command-palette';
