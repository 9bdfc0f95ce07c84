/** What a customer's action on their ticket did, for the page's toast (src/app/(portal)/pomoc/zgloszenia/[number]/actions.ts). */
export type TicketNotice = 'replied' | 'reopenedByReply' | 'solved' | 'reopened' | 'rated';

export type TicketActionData = { notice: TicketNotice } | { notice: 'followUp'; followUp: { number: string; href: string } };
