import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { mintSsoToken, type SsoClaimsInput } from '../../src/server/auth/sso';
import { readStack, waitFor } from './helpers';

/** Live chat in e2e: the clock of chat hours, a customer arriving by SSO, and an agent driven through the agent API. */

export const AGENT_EMAIL = 'ewa.dabrowska@vouchie.pl';
export const AGENT_NAME = 'Ewa Dąbrowska';
/** Monday 7 December 2026, 11:00 in Warsaw: inside every plan's chat hours. */
export const IN_HOURS = '2026-12-07T10:00:00Z';
/** Sunday 6 December 2026, 11:00 in Warsaw: no plan has chat on Sundays. */
export const OUTSIDE_HOURS = '2026-12-06T10:00:00Z';

/** A fresh merchant of a seeded Biznes company for each test: one open chat per customer, so tests never share one. */
export function biznesMerchant(): SsoClaimsInput {
  const id = randomUUID().slice(0, 8);
  return {
    sub: `usr-chat-${id}`,
    email: `chat-${id}@labirynt.com.pl`,
    name: 'Michał Wójcik',
    company: { id: 'cmp-escape', name: 'Escape Room Labirynt', plan: 'BIZNES' },
    locale: 'pl',
  };
}

export async function setClock(instant: string | null) {
  await writeFile(readStack().clockFile, instant ?? '');
}

export async function signInCustomer(page: Page, claims: SsoClaimsInput) {
  const token = await mintSsoToken(claims, readStack().ssoSecret);
  await page.goto(`/sso/vouchie?${new URLSearchParams({ token })}`);
  await expect(page).toHaveURL(/\/pomoc\/kontakt/);
}

export interface Agent {
  api: APIRequestContext;
  stop: () => Promise<void>;
}

/** The agent signs in, goes online and keeps the inbox stream open (as /agent/czat does). */
export interface ChatPlaywright {
  request: { newContext: (options: { baseURL: string; extraHTTPHeaders?: Record<string, string> }) => Promise<APIRequestContext> };
}

export async function agentOnline(playwright: ChatPlaywright): Promise<Agent> {
  const stack = readStack();
  // Staff writes must come from our own pages: the Origin a browser would send from /agent/czat.
  const api = await playwright.request.newContext({ baseURL: stack.appUrl, extraHTTPHeaders: { Origin: stack.appUrl } });
  expect((await api.get(`/demo/sign-in?${new URLSearchParams({ email: AGENT_EMAIL })}`)).ok()).toBe(true);
  expect((await api.put('/api/agent/chat/status', { data: { status: 'ONLINE' } })).ok()).toBe(true);
  const cookie = (await api.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const controller = new AbortController();
  const stream = await fetch(`${stack.appUrl}/api/agent/chat/events`, {
    headers: { cookie, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  expect(stream.ok).toBe(true);
  // Read (and drop) what the stream says, so its buffer never fills.
  const drain = (async () => {
    const reader = stream.body!.getReader();
    for (;;) {
      const { done } = await reader.read().catch(() => ({ done: true }));
      if (done) return;
    }
  })();
  return {
    api,
    stop: async () => {
      await api.put('/api/agent/chat/status', { data: { status: 'OFFLINE' } }).catch(() => undefined);
      controller.abort();
      await drain;
      await api.dispose();
    },
  };
}

export async function acceptNextChat(agent: Agent): Promise<{ id: string; ticketNumber: string }> {
  const chat = await waitFor(
    async () => {
      const inbox = (await (await agent.api.get('/api/agent/chat/inbox')).json()) as {
        waiting: { id: string; ticketNumber: string }[];
        offeredToMe: { id: string; ticketNumber: string }[];
      };
      return inbox.offeredToMe[0] ?? inbox.waiting[0];
    },
    { what: 'a chat waiting for the agent' },
  );
  const accepted = await agent.api.post(`/api/agent/chat/${chat.id}/accept`);
  expect(accepted.ok(), await accepted.text()).toBe(true);
  return chat;
}

export async function agentSays(agent: Agent, chatId: string, body: string) {
  const sent = await agent.api.post(`/api/agent/chat/${chatId}/messages`, { data: { clientMessageId: randomUUID(), body } });
  expect(sent.ok(), await sent.text()).toBe(true);
}

export async function agentTranscript(agent: Agent, chatId: string) {
  const response = await agent.api.get(`/api/agent/chat/${chatId}`);
  expect(response.ok()).toBe(true);
  return (await response.json()) as { messages: { author: string; body: string; attachments: { name: string; mimeType: string }[] }[] };
}
