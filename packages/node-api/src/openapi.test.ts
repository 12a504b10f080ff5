import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { endpoints, type Endpoints } from './endpoints';
import { buildOpenApiDocument } from './openapi';

type Doc = {
  openapi: string;
  security: unknown;
  paths: Record<
    string,
    Record<string, { security?: unknown[]; requestBody?: unknown; responses: Record<string, unknown> }>
  >;
  components: {
    securitySchemes: Record<string, Record<string, string>>;
    schemas: Record<string, Record<string, unknown>>;
  };
};
const doc = buildOpenApiDocument() as Doc;

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with a bearer scheme required by default', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
  });

  it('describes every endpoint with the right method and auth', () => {
    for (const spec of Object.values(endpoints)) {
      const op = doc.paths[spec.path]?.[spec.method.toLowerCase()];
      expect(op, spec.path).toBeDefined();
      if (spec.auth === 'none') expect(op?.security).toEqual([]);
      if (spec.auth === 'bearer') expect(op?.responses['401']).toBeDefined();
    }
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/healthz',
        '/v1/accounts/sessions',
        '/v1/accounts/sessions/end',
        '/v1/alerts',
        '/v1/cluster/heartbeat',
        '/v1/cluster/members',
        '/v1/cluster/sessions',
        '/v1/config',
        '/v1/config/accounts',
        '/v1/info',
        '/v1/metrics',
        '/v1/openapi.json',
        '/v1/ports',
        '/v1/probe',
        '/v1/readiness',
        '/v1/sessions/end',
        '/v1/status',
        '/v1/upgrade',
        '/v1/upgrade/rollback',
      ].sort(),
    );
  });

  it('publishes the contract schemas as components and every $ref resolves', () => {
    const { schemas } = doc.components;
    expect(schemas.NodeInfo?.required).toContain('capabilities');
    expect(schemas.NodeStatus?.required).toContain('peers');
    const text = JSON.stringify(doc);
    expect(text).not.toContain('"$schema"');
    for (const [, id] of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
      expect(schemas[id!], id).toBeDefined();
    }
  });

  it('documents the mutating endpoints with strict request bodies', () => {
    const readiness = doc.paths['/v1/readiness']?.post;
    expect(readiness?.requestBody).toMatchObject({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/SetReadinessRequest' } } },
    });
    expect(readiness?.responses['200']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/NodeStatus' } } },
    });
    expect(Object.keys(readiness?.responses ?? {}).sort()).toEqual(['200', '400', '401', '409', 'default']);
    expect(doc.components.schemas.SetReadinessRequest).toMatchObject({
      required: ['ready'],
      additionalProperties: false,
    });
    expect(doc.components.schemas.EndSessionsRequest).toMatchObject({ additionalProperties: false });
    // Responses stay open for newer fields.
    expect(doc.components.schemas.EndSessionsResponse?.additionalProperties).toBeUndefined();
    expect(doc.components.schemas.NodeStatus?.required).not.toContain('sessionCounters');

    const place = doc.paths['/v1/cluster/sessions']?.post;
    expect(place?.security).toEqual([{ clusterSecret: [] }]);
    expect(Object.keys(place?.responses ?? {}).sort()).toEqual(['200', '400', '401', '409', 'default']);
  });

  it('documents the port-check endpoints, their refusals and strict bodies', () => {
    expect(doc.paths['/v1/ports']?.get?.responses['200']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/GetPortsResponse' } } },
    });
    expect(doc.components.schemas.PortListener?.required).toEqual(['protocol', 'port', 'open', 'host']);
    const members = doc.paths['/v1/cluster/members']?.put;
    expect(members?.requestBody).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/SetClusterMembersRequest' } } },
    });
    expect(doc.components.schemas.SetClusterMembersRequest).toMatchObject({
      additionalProperties: false,
      properties: { members: { maxItems: 2000 } },
    });
    const probe = doc.paths['/v1/probe']?.post;
    expect(Object.keys(probe?.responses ?? {}).sort()).toEqual(['200', '400', '401', '403', '429', 'default']);
    expect(JSON.stringify(probe?.responses['403'])).toContain('not-a-cluster-node');
    expect(doc.components.schemas.ProbePortRequest).toMatchObject({
      required: ['host', 'port'],
      additionalProperties: false,
      properties: { port: { minimum: 1, maximum: 65535 }, timeoutMs: { minimum: 50, maximum: 5000 } },
    });
    expect(doc.components.schemas.ProbeResult?.required).toEqual(['ok', 'ms']);
  });

  it('documents upgrade and rollback with their refusals', () => {
    const upgrade = doc.paths['/v1/upgrade']?.post;
    expect(upgrade?.responses['200']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/UpgradeStatus' } } },
    });
    expect(Object.keys(upgrade?.responses ?? {}).sort()).toEqual(['200', '400', '401', '409', '501', 'default']);
    expect(JSON.stringify(upgrade?.responses['409'])).toMatch(/not-drained[\s\S]*upgrade-in-progress/);
    expect(JSON.stringify(upgrade?.responses['400'])).toContain('same-version');
    expect(doc.components.schemas.UpgradeNodeRequest).toMatchObject({
      required: ['version'],
      additionalProperties: false,
    });
    const rollback = doc.paths['/v1/upgrade/rollback']?.post;
    expect(JSON.stringify(rollback?.responses['409'])).toContain('nothing-to-roll-back');
    expect(doc.components.schemas.RollbackUpgradeRequest).toMatchObject({ additionalProperties: false });
    expect(doc.components.schemas.NodeStatus?.required).not.toContain('upgrade');
    expect(Object.keys(doc.paths['/healthz']?.get?.responses ?? {})).toContain('503');
  });

  it('names request bodies after the operation', () => {
    const withPost: Endpoints = {
      ...endpoints,
      future: {
        method: 'POST',
        path: '/v1/future',
        auth: 'bearer',
        operationId: 'setFuture',
        summary: 'test',
        body: z.object({ ready: z.boolean() }),
        response: { contentType: 'application/json', schema: z.object({ ok: z.boolean() }) },
      },
    };
    const d = buildOpenApiDocument(withPost) as Doc;
    const op = d.paths['/v1/future']?.post;
    expect(op?.requestBody).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/SetFutureRequest' } } },
    });
    expect(op?.responses['400']).toBeDefined();
    expect(d.components.schemas.SetFutureRequest).toMatchObject({ properties: { ready: { type: 'boolean' } } });
  });

  it('matches the committed openapi.json (run `npm run openapi -w @cc/node-api` to refresh)', () => {
    const committed: unknown = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8'));
    // Compared as data, not text, so reformatting the file doesn't break the test.
    expect(committed).toEqual(buildOpenApiDocument());
  });
});
