import { Readable } from 'node:stream';

/** A streamed ZIP download: never cached, never sniffed, always saved rather than shown. */
export function zipResponse(stream: NodeJS.ReadableStream, fileName: string, size?: number): Response {
  return new Response(Readable.toWeb(Readable.from(stream as AsyncIterable<Buffer>)) as ReadableStream<Uint8Array>, {
    headers: {
      'Content-Type': 'application/zip',
      ...(size === undefined ? {} : { 'Content-Length': String(size) }),
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    },
  });
}

export function notFoundJson(): Response {
  return Response.json({ error: 'not_found' }, { status: 404, headers: { 'Cache-Control': 'no-store' } });
}
