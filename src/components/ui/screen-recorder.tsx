'use client';

import { Circle, MonitorUp, Square, Trash2, Paperclip } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useEffect, useEffectEvent, useRef, useState, useSyncExternalStore } from 'react';
import { Button } from '@/components/ui/button';
import { canRecordScreen, MAX_RECORDING_SECONDS, MIME_TYPES } from './screen-recording-support';

type State =
  | { kind: 'idle' }
  | { kind: 'recording'; startedAt: number }
  | { kind: 'review'; file: File; url: string; seconds: number; cut: 'time' | 'size' | null }
  | { kind: 'failed'; reason: 'denied' | 'unsupported' };

export { canRecordScreen, MAX_RECORDING_SECONDS };

const noSubscription = () => () => undefined;

function clock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/**
 * "Nagraj ekran": records the screen, a window or a tab (the browser asks which) as WebM with a visible timer and a
 * stop button, stops by itself at MAX_RECORDING_SECONDS or before the upload size limit, then shows the recording
 * to watch before it is attached like any other file (`onRecorded`) or thrown away. Renders nothing where the
 * browser cannot record (checked after mount, so server and client render the same).
 */
export function ScreenRecorder({
  maxBytes,
  onRecorded,
  autoStart = false,
}: {
  maxBytes: number;
  onRecorded: (file: File) => void;
  /** Starts recording on mount: the button was pressed on the uploader's stand-in, before this had loaded. */
  autoStart?: boolean;
}) {
  const t = useTranslations('ticketForm.recorder');
  // Known only in the browser: the server renders nothing, hydration then shows the button where recording works.
  const supported = useSyncExternalStore(noSubscription, canRecordScreen, () => false);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [now, setNow] = useState(0);
  const recorder = useRef<MediaRecorder | null>(null);
  const stream = useRef<MediaStream | null>(null);
  const cutReason = useRef<'time' | 'size' | null>(null);
  const stopButton = useRef<HTMLButtonElement>(null);
  const reviewHeading = useRef<HTMLParagraphElement>(null);

  // The timer, and the automatic stop at the time limit.
  useEffect(() => {
    if (state.kind !== 'recording') return;
    const tick = () => {
      const elapsed = (Date.now() - state.startedAt) / 1000;
      setNow(elapsed);
      if (elapsed >= MAX_RECORDING_SECONDS) {
        cutReason.current = 'time';
        recorder.current?.stop();
      }
    };
    tick();
    const timer = window.setInterval(tick, 500);
    return () => window.clearInterval(timer);
  }, [state]);

  useEffect(() => {
    if (state.kind === 'recording') stopButton.current?.focus();
    if (state.kind === 'review') reviewHeading.current?.focus();
  }, [state.kind]);

  // Leaving the page mid-recording ends the capture (the browser's "sharing" bar goes away).
  useEffect(
    () => () => {
      for (const track of stream.current?.getTracks() ?? []) track.stop();
    },
    [],
  );

  const autoStarted = useRef(false);
  const startNow = useEffectEvent(() => void start());
  useEffect(() => {
    if (!autoStart || !supported || autoStarted.current) return;
    autoStarted.current = true;
    startNow();
  }, [autoStart, supported]);

  useEffect(() => {
    if (state.kind !== 'review') return;
    const url = state.url;
    return () => URL.revokeObjectURL(url);
  }, [state]);

  async function start() {
    let captured: MediaStream;
    try {
      captured = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: 15 }, audio: false });
    } catch {
      // Cancelled in the browser's picker, or refused by a policy: nothing recorded, nothing lost.
      setState({ kind: 'failed', reason: 'denied' });
      return;
    }
    const mimeType = MIME_TYPES.find((type) => MediaRecorder.isTypeSupported(type));
    if (!mimeType) {
      for (const track of captured.getTracks()) track.stop();
      setState({ kind: 'failed', reason: 'unsupported' });
      return;
    }
    const chunks: Blob[] = [];
    let bytes = 0;
    const media = new MediaRecorder(captured, { mimeType, videoBitsPerSecond: 1_500_000 });
    const startedAt = Date.now();
    cutReason.current = null;
    media.ondataavailable = (event) => {
      if (event.data.size === 0) return;
      chunks.push(event.data);
      bytes += event.data.size;
      // Stop with room to spare under the upload limit (the last chunk is still to come).
      if (bytes > maxBytes * 0.9 && media.state === 'recording') {
        cutReason.current = 'size';
        media.stop();
      }
    };
    media.onstop = () => {
      for (const track of captured.getTracks()) track.stop();
      stream.current = null;
      recorder.current = null;
      const blob = new Blob(chunks, { type: 'video/webm' });
      if (blob.size === 0) {
        setState({ kind: 'idle' });
        return;
      }
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      const file = new File([blob], `nagranie-ekranu-${stamp}.webm`, { type: 'video/webm' });
      setState({ kind: 'review', file, url: URL.createObjectURL(blob), seconds: (Date.now() - startedAt) / 1000, cut: cutReason.current });
    };
    // Stopping the share from the browser's own bar ends the recording too.
    for (const track of captured.getVideoTracks()) track.addEventListener('ended', () => media.state === 'recording' && media.stop());
    stream.current = captured;
    recorder.current = media;
    media.start(1000);
    setState({ kind: 'recording', startedAt });
  }

  if (!supported) return null;

  return (
    <div className="mt-3" data-testid="screen-recorder">
      {state.kind === 'idle' || state.kind === 'failed' ? (
        <div className="flex flex-wrap items-center gap-3">
          <Button type="button" variant="secondary" onClick={() => void start()}>
            <MonitorUp aria-hidden="true" className="size-4" />
            {t('start')}
          </Button>
          <p className="text-xs text-slate-600">{t('hint', { minutes: MAX_RECORDING_SECONDS / 60 })}</p>
        </div>
      ) : null}
      {state.kind === 'recording' ? (
        <div className="flex flex-wrap items-center gap-3 rounded-xl border border-red-200 bg-red-50/60 px-4 py-3">
          <span className="inline-flex items-center gap-2 text-sm font-semibold text-red-800">
            <Circle aria-hidden="true" className="size-3 animate-pulse fill-red-600 text-red-600" />
            {t('recording')}
            <span className="font-mono tabular-nums" data-testid="recording-timer">
              {clock(now)} / {clock(MAX_RECORDING_SECONDS)}
            </span>
          </span>
          <Button ref={stopButton} type="button" variant="secondary" onClick={() => recorder.current?.stop()}>
            <Square aria-hidden="true" className="size-4 fill-current" />
            {t('stop')}
          </Button>
        </div>
      ) : null}
      {state.kind === 'review' ? (
        <div className="rounded-xl border border-slate-200 bg-white p-3">
          <p ref={reviewHeading} tabIndex={-1} className="text-sm font-semibold text-slate-900 focus:outline-none">
            {t('review', { length: clock(state.seconds) })}
          </p>
          {state.cut ? <p className="mt-1 text-xs text-amber-800">{t(state.cut === 'time' ? 'cutTime' : 'cutSize')}</p> : null}
          <video src={state.url} controls className="mt-2 max-h-64 w-full rounded-lg bg-slate-900" aria-label={t('preview')} />
          <div className="mt-3 flex flex-wrap gap-2">
            <Button
              type="button"
              onClick={() => {
                onRecorded(state.file);
                setState({ kind: 'idle' });
              }}
            >
              <Paperclip aria-hidden="true" className="size-4" />
              {t('attach')}
            </Button>
            <Button type="button" variant="secondary" onClick={() => setState({ kind: 'idle' })}>
              <Trash2 aria-hidden="true" className="size-4" />
              {t('discard')}
            </Button>
          </div>
        </div>
      ) : null}
      <p className="sr-only" aria-live="polite">
        {state.kind === 'recording' ? t('recording') : state.kind === 'review' ? t('review', { length: clock(state.seconds) }) : ''}
      </p>
      {state.kind === 'failed' ? (
        <p role="status" className="mt-2 text-xs text-slate-600">
          {t(state.reason === 'denied' ? 'denied' : 'unsupported')}
        </p>
      ) : null}
    </div>
  );
}
