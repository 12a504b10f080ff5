// The console's UI kit. Each section is owned by one area; add exports under your own heading.
export { cn } from './cn';

// --- primitives: dialog, alert dialog, dropdown, tabs, tooltip, popover, toast, badge, stat, progress, skeleton, theme

// --- data table (TanStack Table)
export * from './data-table';
export { plural } from './plural';

// --- forms (react-hook-form + zod)

// --- shell: formatter, command palette, skip link
export * from './format';
