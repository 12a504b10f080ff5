import { describe, expect, it } from 'vitest';

import { isDatabaseUnavailable } from './outage';

// Shapes recorded from a real PostgreSQL 15 stopped under a running Prisma 7 client (pg_ctl stop -m fast).
const adminShutdown = Object.assign(new Error('Database error. Code: `57P01`'), {
  name: 'PrismaClientKnownRequestError',
  code: 'P2039',
  meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'postgres', code: '57P01' } } },
});
const unreachable = Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), {
  name: 'PrismaClientKnownRequestError',
  code: 'P1001',
  meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 } } },
});
const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
// better-auth wraps what its adapter threw.
const authWrapped = Object.assign(new Error('Failed to get session'), { name: 'APIError', cause: unreachable });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['admin shutdown (57P01) through Prisma', adminShutdown],
    ['server not reachable (P1001)', unreachable],
    ['pg ECONNREFUSED', refused],
    ['wrapped by better-auth', authWrapped],
    ['pg connection terminated', new Error('Connection terminated unexpectedly')],
    ['PGlite closed', new Error('PGlite is closed')],
    ['a connection-exception SQLSTATE', Object.assign(new Error('x'), { code: '08006' })],
  ])('%s: yes', (_, error) => expect(isDatabaseUnavailable(error)).toBe(true));

  it.each([
    ['a unique violation', Object.assign(new Error('Unique constraint failed'), { code: 'P2002' })],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a syntax error', Object.assign(new Error('syntax error'), { code: '42601' })],
    ['not an error', 'ECONNREFUSED'],
  ])('%s: no', (_, error) => expect(isDatabaseUnavailable(error)).toBe(false));
});
