import http from 'node:http';
import https from 'node:https';

/**
 * Just enough of `fetch` for the node admin API client (status, headers.get, text), over node:http
 * with keep-alive agents. With a thousand nodes polled every second the collector makes a thousand
 * requests a second; undici's fetch (WHATWG streams, Request/Response objects, a promise per step)
 * cost the console about twice the CPU for the same requests. Redirects are never followed (the token
 * goes only to the configured URL), as with `redirect: 'manual'`.
 */
export function createHttpFetch(): typeof fetch {
  // One idle connection per node, dropped after 1.5 s unused: polls every second reuse it, and it is
  // gone before an agent that advertises a 2 s keep-alive closes it under a request.
  const options = { keepAlive: true, maxFreeSockets: 1, timeout: 1500 };
  const agents = { 'http:': new http.Agent(options), 'https:': new https.Agent(options) };
  const httpFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
    new Promise((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : input);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        reject(new TypeError(`unsupported protocol ${url.protocol}`));
        return;
      }
      const send = url.protocol === 'https:' ? https.request : http.request;
      const req = send(
        url,
        {
          method: init.method ?? 'GET',
          headers: init.headers as Record<string, string> | undefined,
          agent: agents[url.protocol],
          ...(init.signal && { signal: init.signal }),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve(minimalResponse(res.statusCode ?? 0, res.headers, text));
          });
        },
      );
      req.on('error', reject);
      req.end(typeof init.body === 'string' ? init.body : undefined);
    });
  return httpFetch as typeof fetch;
}

function minimalResponse(status: number, headers: http.IncomingHttpHeaders, text: string): Response {
  const response = {
    status,
    ok: status >= 200 && status < 300,
    headers: {
      get(name: string): string | null {
        const value = headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    text: () => Promise.resolve(text),
    json: () => Promise.resolve(JSON.parse(text) as unknown),
  };
  return response as unknown as Response;
}
