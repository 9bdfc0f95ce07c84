import { describe, expect, it } from 'vitest';
import { activityLines } from '@/server/agent/activity';

const at = new Date('2026-12-07T10:00:00Z');
const ewa = { name: 'Ewa Dąbrowska' };

describe('the activity log’s lines', () => {
  it('tells "send and set status" once: the reply’s own event gives way to its status move', () => {
    const events = [
      { id: '1', type: 'ticket.agent_replied', data: { messageId: 'm' }, createdAt: at, actor: ewa },
      {
        id: '2',
        type: 'ticket.status_changed',
        data: { from: 'OPEN', to: 'WAITING_ON_CUSTOMER', via: 'reply' },
        createdAt: at,
        actor: ewa,
      },
    ];
    expect(activityLines(events).map((e) => e.id)).toEqual(['2']);
  });

  it('keeps a plain reply, and a status change made on its own', () => {
    const later = new Date(at.getTime() + 60_000);
    const events = [
      { id: '1', type: 'ticket.agent_replied', data: {}, createdAt: at, actor: ewa },
      { id: '2', type: 'ticket.status_changed', data: { from: 'OPEN', to: 'RESOLVED' }, createdAt: later, actor: ewa },
    ];
    expect(activityLines(events).map((e) => e.id)).toEqual(['1', '2']);
  });
});
