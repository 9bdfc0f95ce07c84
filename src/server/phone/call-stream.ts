import { realtimeHub, type HubSignal } from '@/server/realtime/hub';
import type { SseStream } from '@/server/realtime/sse';
import { AGENT_CALLS_TOPIC, callerCard } from './cti';

/**
 * An agent's incoming-call stream (GET /api/agent/calls/events): `call` with the caller card when a call rings,
 * `callAnswered` / `callEnded` with its id when it is picked up or over, so the pop-up can go away. Calls that rang
 * while the stream was down are not replayed: a pop-up is only useful while the phone rings.
 */
export function streamAgentCalls(stream: Pick<SseStream, 'send' | 'onClose' | 'closed'>): void {
  const onSignal = (signal: HubSignal) => {
    if (stream.closed) return;
    const callId = typeof signal.data?.callId === 'string' ? signal.data.callId : null;
    if (!callId) return;
    if (signal.kind === 'newCall') {
      void callerCard(callId).then((card) => {
        if (card && !stream.closed) stream.send('call', card);
      });
    } else if (signal.kind === 'answer') {
      stream.send('callAnswered', { callId });
    } else if (signal.kind === 'hangup') {
      stream.send('callEnded', { callId });
    }
  };
  const off = realtimeHub().subscribe(AGENT_CALLS_TOPIC, onSignal);
  stream.onClose(off);
}
