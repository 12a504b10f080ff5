import { formatPort, type RequiredPort } from '@cc/ports';

export function RequiredPortsTable({ ports }: { ports: RequiredPort[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead className="bg-muted/60 text-left text-xs uppercase text-muted-foreground">
          <tr>
            <th className="px-4 py-2">Service</th>
            <th className="px-4 py-2 text-right">Port</th>
            <th className="px-4 py-2">Direction</th>
            <th className="px-4 py-2">To</th>
            <th className="px-4 py-2">From</th>
            <th className="px-4 py-2">Why</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {ports.map((p) => (
            <tr key={`${p.service}-${formatPort(p.port)}-${p.transport}`} data-testid="required-port">
              <td className="px-4 py-1.5 font-medium">
                {p.service}
                {p.optional && <span className="ml-1 text-xs text-muted-foreground">optional</span>}
              </td>
              <td className="px-4 py-1.5 text-right font-mono">
                {formatPort(p.port)}/{p.transport}
              </td>
              <td className="px-4 py-1.5">{p.direction}</td>
              <td className="px-4 py-1.5">{p.roles.join(', ')}</td>
              <td className="px-4 py-1.5 text-secondary-foreground">{p.from}</td>
              <td className="px-4 py-1.5 text-secondary-foreground">{p.why}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
