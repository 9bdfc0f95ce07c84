import type { NextRequest } from 'next/server';
import { streamChunks } from '@/server/http/body';
import { offerToFastLane } from '@/server/http/fast-lane';
import { toWebResponse } from '@/server/http/plain';
import { postTicket } from '@/server/tickets/api-endpoint';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The whole behaviour is `postTicket` (src/server/tickets/api-endpoint.ts); this adapts Next's request and answer. */
export async function POST(request: NextRequest): Promise<Response> {
  const { pathname } = request.nextUrl;
  return toWebResponse(await postTicket({ path: pathname, headers: request.headers, body: request.body && streamChunks(request.body) }));
}

// From the first request on, the same function answers straight from node:http (src/server/http/fast-lane.ts).
offerToFastLane('POST', '/api/v1/tickets', postTicket);
