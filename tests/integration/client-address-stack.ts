import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NextRequest } from 'next/server';

type Handler = (request: NextRequest) => Promise<Response>;

export interface Listening {
  url: string;
  close: () => Promise<void>;
}

function listen(server: http.Server): Promise<Listening> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        // Tests are over when this runs: open connections (the proxy's keep-alive ones) are cut, not waited for.
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

async function readBody(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function headersOf(request: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/**
 * A Node http server that hands each request to a route handler, the way `next start` does: the request is
 * stamped by `installPeerAddressHeader` (if installed) because it arrives through `http.Server#emit`.
 */
export function serveRoute(routes: Record<string, Handler>): Promise<Listening> {
  const server = http.createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const url = new URL(request.url ?? '/', 'http://localhost:3000');
      const handler = routes[url.pathname];
      if (!handler) {
        response.writeHead(404).end();
        return;
      }
      const method = request.method ?? 'GET';
      const result = await handler(
        new NextRequest(url, {
          method,
          headers: headersOf(request),
          body: method === 'GET' || method === 'HEAD' ? undefined : new Uint8Array(body),
        }),
      );
      response.writeHead(result.status, Object.fromEntries(result.headers));
      response.end(Buffer.from(await result.arrayBuffer()));
    })().catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  return listen(server);
}

/** A reverse proxy like nginx's `proxy_add_x_forwarded_for`: appends the address it saw to X-Forwarded-For. */
export function appendingProxy(upstream: string): Promise<Listening> {
  const target = new URL(upstream);
  const server = http.createServer((request, response) => {
    const seen = request.socket.remoteAddress ?? 'unknown';
    const prior = request.headers['x-forwarded-for'];
    const forwarded = prior ? `${Array.isArray(prior) ? prior.join(', ') : prior}, ${seen}` : seen;
    const outbound = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: request.url,
        method: request.method,
        headers: { ...request.headers, 'x-forwarded-for': forwarded },
      },
      (upstreamResponse) => {
        response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
        upstreamResponse.pipe(response);
      },
    );
    outbound.on('error', () => response.writeHead(502).end());
    request.pipe(outbound);
  });
  return listen(server);
}
