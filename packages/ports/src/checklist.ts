import { formatPort, REQUIRED_PORTS, type RequiredPort } from './required-ports';

export const CHECK_SECTIONS = [
  'load balancer → frontends',
  'console → admin API',
  'frontends → backends',
  'backends → backends',
] as const;
export type CheckSection = (typeof CHECK_SECTIONS)[number];

/** One cell of the live connectivity matrix: can `source` open `service` on `target`? */
export interface PortCheckCell {
  section: CheckSection;
  source: string;
  target: string;
  service: string;
  host: string;
  port: number;
  ok: boolean;
  ms: number | null;
  error: string | null;
}

const CSV_COLUMNS = ['section', 'source', 'target', 'service', 'host', 'port', 'result', 'ms', 'error'] as const;

/** RFC 4180 CSV; cells that could be read as formulas by a spreadsheet are neutralised. */
export function toCsv(cells: PortCheckCell[]): string {
  const esc = (v: string | number | null) => {
    let s = v === null ? '' : String(v);
    if (/^[=+\-@]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const rows = cells.map((c) =>
    [
      c.section,
      c.source,
      c.target,
      c.service,
      c.host,
      c.port,
      c.ok ? 'pass' : 'fail',
      c.ms === null ? null : Math.round(c.ms),
      c.error,
    ]
      .map(esc)
      .join(','),
  );
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

/** A checklist a firewall team can work through: required ports, then what the live check saw. */
export function toMarkdown(cells: PortCheckCell[], opts: { checkedAt?: Date; required?: RequiredPort[] } = {}): string {
  const required = opts.required ?? REQUIRED_PORTS;
  const lines = ['# Required ports checklist', ''];
  for (const direction of ['inbound from clients', 'inter-server', 'administration'] as const) {
    lines.push(`## ${direction[0]!.toUpperCase()}${direction.slice(1)}`, '');
    for (const p of required.filter((r) => r.direction === direction)) {
      const optional = p.optional ? ' (optional)' : '';
      lines.push(
        `- [ ] ${formatPort(p.port)}/${p.transport} ${p.service}${optional}: to ${p.roles.join(', ')} from ${p.from}. ${p.why}`,
      );
    }
    lines.push('');
  }
  if (cells.length) {
    const failed = cells.filter((c) => !c.ok).length;
    const when = opts.checkedAt ? ` (${opts.checkedAt.toISOString()})` : '';
    lines.push(`## Live check${when}: ${cells.length - failed} passed, ${failed} failed`, '');
    lines.push(
      '| | section | source | target | service | port | error |',
      '| --- | --- | --- | --- | --- | ---: | --- |',
    );
    for (const c of cells) {
      const cell = (s: string) => s.replaceAll('|', '\\|');
      lines.push(
        `| ${c.ok ? '[x]' : '[ ]'} | ${c.section} | ${cell(c.source)} | ${cell(c.target)} | ${c.service} | ${c.port} | ${cell(c.error ?? '')} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}
