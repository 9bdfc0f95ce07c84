import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appEnv, logLine, prepareBuild, startWeb, type WebInstance } from './processes';

const { db } = await import('@/server/db/client');

const TOKEN = process.env.SUPPORT_API_TOKEN!;
const env = () =>
  appEnv({
    // Long enough to see readiness turn 503 while requests are still served; the load runs through it.
    SHUTDOWN_DELAY_MS: '1500',
    SHUTDOWN_TIMEOUT_MS: '20000',
    RATE_LIMIT_TICKETS_PER_IP: '100000',
    RATE_LIMIT_TICKETS_PER_EMAIL: '100000',
  });

interface Outcome {
  status: number | 'failed';
  number?: string;
  requestId?: string;
  error?: string;
}

/** One ticket over the REST API on a kept-alive connection, as the Vouchie panel files them. */
function fileTicket(url: string, agent: http.Agent, i: number): Promise<Outcome> {
  const body = JSON.stringify({
    reporter: { email: `obciazenie.${i}.${randomUUID().slice(0, 6)}@sklep.pl`, name: 'Test Obciążenia' },
    category: 'OTHER',
    subject: `Zgłoszenie pod obciążeniem ${i}`,
    actual: 'Sprawdzamy, czy zatrzymanie serwera nie gubi potwierdzonych zgłoszeń.',
  });
  return new Promise((resolve) => {
    const request = http.request(
      `${url}/api/v1/tickets`,
      {
        method: 'POST',
        agent,
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let number: string | undefined;
          try {
            number = (JSON.parse(text) as { number?: string }).number;
          } catch {
            // not JSON: no number
          }
          resolve({ status: response.statusCode ?? 0, number, requestId: String(response.headers['x-request-id'] ?? '') });
        });
        response.on('error', (error) => resolve({ status: 'failed', error: error.message }));
      },
    );
    request.on('error', (error) => resolve({ status: 'failed', error: error.message }));
    request.end(body);
  });
}

let web: WebInstance;

beforeAll(async () => {
  await prepareBuild();
  web = await startWeb(env());
}, 300_000);

afterAll(async () => {
  await web?.stop(5_000);
});

describe('SIGTERM on the web process', () => {
  it('loses no acknowledged ticket under load: ready turns 503, requests in flight finish, the process exits 0', async () => {
    expect((await fetch(`${web.url}/api/health/ready`)).status).toBe(200);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
    const outcomes: Outcome[] = [];
    let next = 0;
    let acknowledged = 0;
    let signalled: (() => void) | undefined;
    const signalSent = new Promise<void>((resolve) => (signalled = resolve));
    let stopLoad = false;

    // Six clients file tickets back to back; once 15 are acknowledged the process gets SIGTERM, and they carry on
    // until the server is gone (connection refused), so requests arrive before, during and after the stop.
    const clients = Array.from({ length: 6 }, async () => {
      while (!stopLoad) {
        const outcome = await fileTicket(web.url, agent, next++);
        outcomes.push(outcome);
        if (outcome.status === 201 && ++acknowledged === 15) {
          web.child.kill('SIGTERM');
          signalled?.();
        }
        if (outcome.status === 'failed' && /ECONNREFUSED/.test(outcome.error ?? '')) return;
      }
    });

    await signalSent;
    await logLine(web, (line) => line.msg === 'stopping: not ready any more');
    // While the balancer's grace period runs, the instance says it is not ready but still answers.
    const ready = await fetch(`${web.url}/api/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'not_ready', reason: 'shutting_down' });

    const exit = await web.exited;
    stopLoad = true;
    await Promise.all(clients);
    agent.destroy();
    expect(exit).toEqual({ code: 0, signal: null });

    const acked = outcomes.filter((o) => o.status === 201);
    expect(acked.length).toBeGreaterThan(15);
    // Every acknowledged ticket is in the database, with its confirmation e-mail in the outbox.
    const numbers = acked.map((o) => Number(o.number?.replace('VCH-', '')));
    const stored = await db().ticket.findMany({ where: { number: { in: numbers } }, select: { id: true } });
    expect(stored).toHaveLength(acked.length);
    expect(await db().outboundEmail.count({ where: { ticketId: { in: stored.map((t) => t.id) } } })).toBeGreaterThanOrEqual(acked.length);
    // Nothing answered an error: a request either completed or was never taken (connection refused / closed).
    expect(outcomes.filter((o) => typeof o.status === 'number' && o.status !== 201)).toEqual([]);

    // One structured line per request, carrying the id the response gave the client.
    const lines = web.logs.filter((line) => line.msg === 'request' && line.path === '/api/v1/tickets');
    // Served by the JSON API's fast lane and counted like any other, all but those sent before Next had loaded the
    // route (at most one per client).
    expect(lines.filter((line) => line.lane === 'fast').length).toBeGreaterThanOrEqual(acked.length - 6);
    for (const outcome of acked) {
      expect(lines.find((line) => line.requestId === outcome.requestId)).toMatchObject({ method: 'POST', status: 201, completed: true });
    }
    expect(web.logs.find((line) => line.msg === 'stopped')).toMatchObject({ clean: true });
  }, 120_000);
});
