import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { requireAgentArea } from '@/server/auth/guards';
import { env } from '@/server/env';
import { ChatInbox } from '@/components/agent/chat/inbox';
import { articleLinksForTicketAction, cannedForTicket, renderCannedForTicket } from '../zgloszenia/[number]/canned-actions';
import { transferTargets } from './actions';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('agentChat');
  return { title: t('title') };
}

/**
 * /agent/czat: the agent's live chat inbox (status, offers, waiting chats, my chats, the conversation). Everything
 * on it is live, so the page is a client component over the agent chat API and its event stream; `?czat=<id>`
 * is the open conversation.
 */
export default async function AgentChatPage() {
  const viewer = await requireAgentArea();
  const config = env();
  return (
    <ChatInbox
      me={{ id: viewer.user.id, name: viewer.user.name ?? viewer.user.email }}
      uploadLimits={{
        maxFileBytes: config.UPLOAD_MAX_FILE_MB,
        maxFiles: config.UPLOAD_MAX_FILES,
        maxTotalBytes: config.UPLOAD_MAX_TOTAL_MB,
      }}
      canned={{ list: cannedForTicket, render: renderCannedForTicket, articles: articleLinksForTicketAction }}
      loadTransferTargets={transferTargets}
    />
  );
}
