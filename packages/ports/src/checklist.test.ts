import { describe, expect, it } from 'vitest';

import { toCsv, toMarkdown, type PortCheckCell } from './checklist';
import { formatPort, REQUIRED_PORTS } from './required-ports';

const cell = (over: Partial<PortCheckCell> = {}): PortCheckCell => ({
  section: 'load balancer → frontends',
  source: 'console',
  target: 'frontend-1',
  service: 'imap',
  host: '127.0.0.1',
  port: 143,
  ok: true,
  ms: 1.4,
  error: null,
  ...over,
});

describe('required ports table', () => {
  it('covers the services the seed and the issue name, each with roles and a reason', () => {
    const ports = REQUIRED_PORTS.map((p) => formatPort(p.port));
    for (const p of [
      '25',
      '587',
      '465',
      '143',
      '993',
      '110',
      '995',
      '80',
      '443',
      '5222',
      '5223',
      '5060',
      '5061',
      '10000-10255',
      '389',
      '636',
      '8010',
    ]) {
      expect(ports).toContain(p);
    }
    for (const p of REQUIRED_PORTS) {
      expect(p.roles.length).toBeGreaterThan(0);
      expect(p.why.length).toBeGreaterThan(5);
    }
    expect(REQUIRED_PORTS.find((p) => p.service === 'RTP media')?.transport).toBe('udp');
  });
});

describe('toCsv', () => {
  it('writes a header and one row per cell, quoting what needs it', () => {
    const csv = toCsv([cell(), cell({ ok: false, ms: null, error: 'connection refused, "busy"' })]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('section,source,target,service,host,port,result,ms,error');
    expect(lines[1]).toBe('load balancer → frontends,console,frontend-1,imap,127.0.0.1,143,pass,1,');
    expect(lines[2]).toBe(
      'load balancer → frontends,console,frontend-1,imap,127.0.0.1,143,fail,,"connection refused, ""busy"""',
    );
  });

  it('neutralises spreadsheet formulas in node-supplied text', () => {
    expect(toCsv([cell({ target: '=HYPERLINK("x")' })])).toContain(`"'=HYPERLINK(""x"")"`);
  });
});

describe('toMarkdown', () => {
  it('lists every required port as a checkbox and the live results with pass/fail', () => {
    const md = toMarkdown([cell(), cell({ ok: false, error: 'timed out | after 1000 ms' })], {
      checkedAt: new Date('2026-01-02T03:04:05Z'),
    });
    expect(md).toContain('- [ ] 143/tcp IMAP: to frontend from clients / load balancer.');
    expect(md).toContain('## Live check (2026-01-02T03:04:05.000Z): 1 passed, 1 failed');
    expect(md).toContain('| [x] | load balancer → frontends | console | frontend-1 | imap | 143 |  |');
    expect(md).toContain('timed out \\| after 1000 ms');
    expect(md.match(/^- \[ \]/gm)?.length).toBe(REQUIRED_PORTS.length);
  });
});
