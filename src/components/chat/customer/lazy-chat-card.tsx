'use client';

import dynamic from 'next/dynamic';

/**
 * The contact page's chat card, in a chunk of its own: the page imports the channels list for everyone, but only a
 * signed-in customer whose plan has chat sees the card, so nobody else downloads the chat client. Rendered in the
 * browser only: a server-rendered "Rozpocznij czat" would show before its code had loaded and ignore a click; the
 * placeholder keeps the button's place meanwhile. Its texts come as props (`intl`), with the card's own provider.
 */
export const LazyChatCard = dynamic(() => import('./chat-card').then((module) => module.ChatCardEntry), {
  ssr: false,
  loading: () => <div aria-hidden="true" className="mt-3 h-11 w-full rounded-lg bg-slate-100" data-testid="chat-card-placeholder" />,
});
