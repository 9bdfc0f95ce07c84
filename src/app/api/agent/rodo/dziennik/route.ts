import { Readable } from 'node:stream';
import type { NextRequest } from 'next/server';
import { guardDatabase } from '@/app/_lib/route-guard';
import { notFoundJson } from '@/app/_lib/zip-response';
import { canAccessAdmin } from '@/server/auth/policy';
import { principalFrom } from '@/server/auth/principal';
import { getViewerForRequest } from '@/server/auth/viewer';
import { auditLogLines, recordAudit } from '@/server/privacy/audit';

/** The RODO audit log as JSON Lines, for admins (the export itself is logged first). */
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = guardDatabase(async (request: NextRequest) => {
  const principal = principalFrom({ viewer: await getViewerForRequest(request) });
  if (principal.kind !== 'user' || !canAccessAdmin(principal)) return notFoundJson();
  await recordAudit({ actorId: principal.userId, action: 'audit.exported' });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(Readable.toWeb(Readable.from(auditLogLines())) as ReadableStream<Uint8Array>, {
    headers: {
      'Content-Type': 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': `attachment; filename="rodo-dziennik-${day}.jsonl"`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    },
  });
});
