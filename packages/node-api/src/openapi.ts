// Builds the OpenAPI 3.1 document from the zod schemas and the endpoint table,
// so the published description can never drift from what the code validates.
import { z } from 'zod';
import { CLUSTER_SECRET_HEADER, endpoints as nodeEndpoints, type Endpoints } from './endpoints';
import * as s from './schemas';
import * as u from './upgrade-schemas';

/** Schemas published under their own name in `components.schemas`. */
const namedSchemas: Record<string, z.ZodType> = {
  NodeInfo: s.ZNodeInfo,
  NodeStatus: s.ZNodeStatus,
  NodeRole: s.ZNodeRole,
  ClusterRole: s.ZClusterRole,
  Readiness: s.ZReadiness,
  SessionProtocol: s.ZSessionProtocol,
  ListenerProtocol: s.ZListenerProtocol,
  Drain: s.ZDrain,
  NodeLoad: s.ZNodeLoad,
  SessionCounts: s.ZSessionCounts,
  Listener: s.ZListener,
  Peer: s.ZPeer,
  SessionCounters: s.ZSessionCounters,
  UpgradeStatus: u.ZUpgradeStatus,
  UpgradeState: u.ZUpgradeState,
  Heartbeat: s.ZHeartbeat,
  PortListener: s.ZPortListener,
  ClusterMember: s.ZClusterMember,
  ProbeResult: s.ZProbeResult,
  Health: s.ZHealth,
  ErrorBody: s.ZErrorBody,
  MetricsText: s.ZMetricsText,
  OpenApiDocument: s.ZOpenApiDocument,
};

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const upperFirst = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('ErrorBody') } },
});

/**
 * Trims zod's output to what helps readers of the document: responses are
 * read tolerantly (unknown fields are ignored by our client), so
 * `additionalProperties: false` would overstate the contract, except on
 * strict objects (request bodies), which really do reject unknown fields; the huge
 * date-time/uuid regexes duplicate `format`; safe-integer bounds are noise.
 */
function tidy(ctx: { zodSchema: unknown; jsonSchema: Record<string, unknown> }): void {
  const j = ctx.jsonSchema;
  if (j.additionalProperties === false && !isStrictObject(ctx.zodSchema)) delete j.additionalProperties;
  if (typeof j.format === 'string' && 'pattern' in j) delete j.pattern;
  if (j.maximum === Number.MAX_SAFE_INTEGER) delete j.maximum;
  if (j.minimum === Number.MIN_SAFE_INTEGER) delete j.minimum;
}

function isStrictObject(schema: unknown): boolean {
  const def = (schema as { _zod?: { def?: { type?: string; catchall?: { _zod?: { def?: { type?: string } } } } } })._zod
    ?.def;
  return def?.type === 'object' && def.catchall?._zod?.def?.type === 'never';
}

export function buildOpenApiDocument(endpoints: Endpoints = nodeEndpoints): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  const idOf = new Map<z.ZodType, string>();
  const register = (schema: z.ZodType, id: string): string => {
    const known = idOf.get(schema);
    if (known) return known;
    registry.add(schema, { id });
    idOf.set(schema, id);
    return id;
  };
  for (const [id, schema] of Object.entries(namedSchemas)) register(schema, id);

  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of Object.values(endpoints)) {
    const op: Record<string, unknown> = {
      operationId: spec.operationId,
      summary: spec.summary,
    };
    if (spec.auth === 'none') op.security = [];
    if (spec.auth === 'cluster') op.security = [{ clusterSecret: [] }];
    if (spec.body) {
      const id = register(spec.body, `${upperFirst(spec.operationId)}Request`);
      op.requestBody = { required: true, content: { 'application/json': { schema: ref(id) } } };
    }
    const responseId = register(spec.response.schema, `${upperFirst(spec.operationId)}Response`);
    const responses: Record<string, unknown> = {
      '200': { description: 'OK', content: { [spec.response.contentType]: { schema: ref(responseId) } } },
    };
    if (spec.body) responses['400'] = errorResponse('The request body does not match the schema.');
    if (spec.auth === 'bearer') responses['401'] = errorResponse('Missing or wrong admin token.');
    if (spec.auth === 'cluster') responses['401'] = errorResponse('Missing or wrong cluster secret.');
    for (const [status, description] of Object.entries(spec.errors ?? {}))
      responses[status] = errorResponse(description);
    responses.default = errorResponse('Any other error (404, 405, 500, ...).');
    op.responses = responses;
    (paths[spec.path] ??= {})[spec.method.toLowerCase()] = op;
  }

  const generated = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
    override: tidy,
  }).schemas;
  const schemas: Record<string, unknown> = {};
  for (const id of Object.keys(generated).sort()) {
    // Component schemas live inside the document: no per-schema dialect or id.
    const { $schema: _dialect, $id: _id, ...rest } = generated[id] as Record<string, unknown>;
    schemas[id] = rest;
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Cluster Console node admin API',
      version: s.API_VERSION,
      description:
        'Served by every cluster node (frontend or backend) on its admin port. ' +
        'All endpoints except /healthz and /v1/openapi.json need the admin bearer token.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'The node admin token, as given to the agent with --token.',
        },
        clusterSecret: {
          type: 'apiKey',
          in: 'header',
          name: CLUSTER_SECRET_HEADER,
          description: 'Shared secret for node-to-node calls (--cluster-secret).',
        },
      },
      schemas,
    },
  };
}

/** Exactly what `npm run openapi` writes to packages/node-api/openapi.json. */
export function renderOpenApiJson(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}
