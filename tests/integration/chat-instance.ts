/**
 * One "web instance" for the chat's multi-instance tests and bench: a plain Node HTTP server in its own process
 * that serves the chat's real App Router route handlers (src/app/api/chat/**, src/app/api/agent/chat/**) with the
 * process's own realtime hub, as `next start` would, without a build. Two of these on one database are two
 * instances behind a load balancer without sticky sessions. POST /api/uploads too (screenshots in a chat).
 *
 *   DATABASE_URL=… AUTH_SECRET=… PORT=0 tsx tests/integration/chat-instance.ts
 *
 * Prints `ready <port>` once listening (and the hub has proved it hears notifications, or fell back to polling).
 * Streams responses as they are produced (SSE) and aborts the request's signal when the client goes away.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { installPeerAddressHeader } from '../../src/server/client-address';
import { realtimeHub } from '../../src/server/realtime/hub';
import * as availability from '../../src/app/api/chat/availability/route';
import * as sessions from '../../src/app/api/chat/sessions/route';
import * as offline from '../../src/app/api/chat/offline/route';
import * as chat from '../../src/app/api/chat/[id]/route';
import * as chatEvents from '../../src/app/api/chat/[id]/events/route';
import * as chatMessages from '../../src/app/api/chat/[id]/messages/route';
import * as chatTyping from '../../src/app/api/chat/[id]/typing/route';
import * as chatRead from '../../src/app/api/chat/[id]/read/route';
import * as chatEnd from '../../src/app/api/chat/[id]/end/route';
import * as chatRating from '../../src/app/api/chat/[id]/rating/route';
import * as chatTranscript from '../../src/app/api/chat/[id]/transcript/route';
import * as agentStatus from '../../src/app/api/agent/chat/status/route';
import * as agentInbox from '../../src/app/api/agent/chat/inbox/route';
import * as agentEvents from '../../src/app/api/agent/chat/events/route';
import * as agentChat from '../../src/app/api/agent/chat/[id]/route';
import * as agentAccept from '../../src/app/api/agent/chat/[id]/accept/route';
import * as agentDecline from '../../src/app/api/agent/chat/[id]/decline/route';
import * as agentTransfer from '../../src/app/api/agent/chat/[id]/transfer/route';
import * as agentEnd from '../../src/app/api/agent/chat/[id]/end/route';
import * as agentMessages from '../../src/app/api/agent/chat/[id]/messages/route';
import * as agentTyping from '../../src/app/api/agent/chat/[id]/typing/route';
import * as agentRead from '../../src/app/api/agent/chat/[id]/read/route';
import * as uploads from '../../src/app/api/uploads/route';

type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;
type RouteModule = Partial<Record<'GET' | 'POST' | 'PUT', Handler>>;

/** Static segments before `[id]`, as Next.js matches them. */
const ROUTES: [string, RouteModule][] = [
  ['/api/chat/availability', availability as RouteModule],
  ['/api/chat/sessions', sessions as RouteModule],
  ['/api/chat/offline', offline as RouteModule],
  ['/api/chat/[id]', chat as RouteModule],
  ['/api/chat/[id]/events', chatEvents as RouteModule],
  ['/api/chat/[id]/messages', chatMessages as RouteModule],
  ['/api/chat/[id]/typing', chatTyping as RouteModule],
  ['/api/chat/[id]/read', chatRead as RouteModule],
  ['/api/chat/[id]/end', chatEnd as RouteModule],
  ['/api/chat/[id]/rating', chatRating as RouteModule],
  ['/api/chat/[id]/transcript', chatTranscript as RouteModule],
  ['/api/agent/chat/status', agentStatus as RouteModule],
  ['/api/agent/chat/inbox', agentInbox as RouteModule],
  ['/api/agent/chat/events', agentEvents as RouteModule],
  ['/api/agent/chat/[id]', agentChat as RouteModule],
  ['/api/agent/chat/[id]/accept', agentAccept as RouteModule],
  ['/api/agent/chat/[id]/decline', agentDecline as RouteModule],
  ['/api/agent/chat/[id]/transfer', agentTransfer as RouteModule],
  ['/api/agent/chat/[id]/end', agentEnd as RouteModule],
  ['/api/agent/chat/[id]/messages', agentMessages as RouteModule],
  ['/api/agent/chat/[id]/typing', agentTyping as RouteModule],
  ['/api/agent/chat/[id]/read', agentRead as RouteModule],
  ['/api/uploads', uploads as unknown as RouteModule],
];

function match(pathname: string): { module: RouteModule; id: string } | null {
  const parts = pathname.split('/');
  for (const [pattern, module] of ROUTES) {
    const want = pattern.split('/');
    if (want.length !== parts.length) continue;
    let id = '';
    const ok = want.every((segment, i) => {
      if (segment === '[id]') {
        id = decodeURIComponent(parts[i] ?? '');
        return true;
      }
      return segment === parts[i];
    });
    if (ok) return { module, id };
  }
  return null;
}

function headersOf(request: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

async function readAll(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

installPeerAddressHeader();

const server = http.createServer((incoming, outgoing) => {
  void (async () => {
    const url = new URL(incoming.url ?? '/', `http://${incoming.headers.host ?? 'localhost'}`);
    const route = match(url.pathname);
    const method = (incoming.method ?? 'GET') as 'GET' | 'POST' | 'PUT';
    const handler = route?.module[method];
    if (!route || !handler) {
      outgoing.writeHead(404).end();
      return;
    }
    const aborted = new AbortController();
    outgoing.on('close', () => aborted.abort());
    const body = method === 'GET' ? undefined : new Uint8Array(await readAll(incoming));
    const response = await handler(new Request(url, { method, headers: headersOf(incoming), body, signal: aborted.signal }), {
      params: Promise.resolve({ id: route.id }),
    });
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    if (!response.body) {
      outgoing.end();
      return;
    }
    outgoing.flushHeaders();
    const reader = response.body.getReader();
    aborted.signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined), { once: true });
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) break;
      if (!outgoing.write(value)) await new Promise((resolve) => outgoing.once('drain', resolve));
    }
    outgoing.end();
  })().catch((error: unknown) => {
    console.error(error);
    if (!outgoing.headersSent) outgoing.writeHead(500);
    outgoing.end();
  });
});
server.keepAliveTimeout = 65_000;
server.maxConnections = 10_000;

realtimeHub().start();
const mode = await realtimeHub().ready;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`ready ${port} ${mode}`);
});

process.on('message', (message) => {
  if (message === 'stats') process.send?.({ hub: realtimeHub().stats(), memory: process.memoryUsage() });
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    void realtimeHub()
      .close()
      .finally(() => process.exit(0));
  });
}
