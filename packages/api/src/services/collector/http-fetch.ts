import { createNodeFetch, type NodeFetch } from '@cc/node-api';

/**
 * The collector's fetch: node:http(s) with keep-alive agents (one idle connection per node), and the
 * node's pinned certificate or CA checked before a request is written (see @cc/node-api node-fetch).
 * With a thousand nodes polled every second the collector makes a thousand requests a second;
 * undici's fetch (WHATWG streams, Request/Response objects, a promise per step) cost the console about
 * twice the CPU for the same requests. Redirects are never followed (the token goes only to the
 * configured URL), as with `redirect: 'manual'`.
 */
export function createHttpFetch(): NodeFetch {
  return createNodeFetch();
}
