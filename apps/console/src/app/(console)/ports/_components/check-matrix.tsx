import { CHECK_SECTIONS, type PortCheckCell } from '@cc/ports';
import { useFormat } from '@cc/ui';

/** One table per section of the matrix, failures first so they are seen at 3 a.m. */
export function CheckMatrix({ cells }: { cells: PortCheckCell[] }) {
  const fmt = useFormat();
  return (
    <div className="divide-y divide-border">
      {CHECK_SECTIONS.map((section) => {
        const rows = cells.filter((c) => c.section === section).sort((a, b) => Number(a.ok) - Number(b.ok));
        if (!rows.length) return null;
        const failed = rows.filter((r) => !r.ok).length;
        return (
          <div key={section} className="px-4 py-3">
            <h3 className="mb-2 text-sm font-semibold capitalize">
              {section}{' '}
              <span className="font-normal text-muted-foreground">
                ({rows.length - failed} pass, {failed} fail)
              </span>
            </h3>
            <table className="w-full text-sm">
              <thead className="text-left text-xs uppercase text-muted-foreground">
                <tr>
                  <th className="py-1 pr-3">Source</th>
                  <th className="py-1 pr-3">Target</th>
                  <th className="py-1 pr-3">Service</th>
                  <th className="py-1 pr-3 text-right">Port</th>
                  <th className="py-1 pr-3">Result</th>
                  <th className="py-1 pr-3 text-right">Time</th>
                  <th className="py-1">Error</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <tr
                    key={`${c.source}>${c.target}:${c.service}:${c.port}`}
                    data-testid="port-cell"
                    data-section={c.section}
                    data-source={c.source}
                    data-target={c.target}
                    data-service={c.service}
                    data-result={c.ok ? 'pass' : 'fail'}
                    className={c.ok ? '' : 'bg-danger-soft/60'}
                  >
                    <td className="py-1 pr-3">{c.source}</td>
                    <td className="py-1 pr-3">{c.target}</td>
                    <td className="py-1 pr-3">{c.service}</td>
                    <td className="py-1 pr-3 text-right font-mono">{c.port}</td>
                    <td className="py-1 pr-3">
                      <span
                        className={`rounded px-1.5 py-0.5 text-xs font-medium ${c.ok ? 'bg-success-soft text-success-strong' : 'bg-danger-soft text-danger-strong'}`}
                      >
                        {c.ok ? 'Pass' : 'Fail'}
                      </span>
                    </td>
                    <td className="py-1 pr-3 text-right tabular-nums">{fmt.milliseconds(c.ms)}</td>
                    <td className="py-1 text-danger-strong">{c.error}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
    </div>
  );
}
