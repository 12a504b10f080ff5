/** Whole numbers with thousands separators; a fixed locale keeps server and browser text identical. */
export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
