// The kit's Stat: one labelled figure in a <dl> strip (cluster totals, sizing plan).
export { Stat } from '@cc/ui';
