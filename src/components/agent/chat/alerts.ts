'use client';

import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';

/**
 * Sound and browser notifications for the chat inbox. Permission is asked only from a button (browsers block,
 * and people resent, a prompt on load); the mute switch is remembered per agent in localStorage, so a shared
 * computer keeps each person's choice.
 */

const muteKey = (agentId: string) => `vouchie:chat-muted:${agentId}`;

const listeners = new Set<() => void>();
function notifyStore() {
  for (const listener of listeners) listener();
}
function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

export type NotificationPermissionState = NotificationPermission | 'unsupported';

function readPermission(): NotificationPermissionState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export function useChatAlerts(agentId: string) {
  const muted = useSyncExternalStore(
    subscribe,
    () => window.localStorage.getItem(muteKey(agentId)) === '1',
    () => false,
  );
  const permission = useSyncExternalStore(subscribe, readPermission, () => 'default' as const);
  const audio = useRef<AudioContext | null>(null);
  const [, setTick] = useState(0);

  // An AudioContext may only start after a gesture: the first click or key on the page unlocks it.
  useEffect(() => {
    const unlock = () => {
      if (typeof AudioContext === 'undefined') return;
      audio.current ??= new AudioContext();
      void audio.current.resume();
    };
    window.addEventListener('pointerdown', unlock, { once: true });
    window.addEventListener('keydown', unlock, { once: true });
    return () => {
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
    };
  }, []);

  const setMuted = useCallback(
    (next: boolean) => {
      window.localStorage.setItem(muteKey(agentId), next ? '1' : '0');
      notifyStore();
    },
    [agentId],
  );

  const requestPermission = useCallback(async () => {
    if (typeof Notification === 'undefined') return;
    await Notification.requestPermission();
    notifyStore();
    setTick((n) => n + 1);
  }, []);

  /** Two short tones (an offer) or one (a message); nothing when muted or before the page had a gesture. */
  const chime = useCallback(
    (kind: 'offer' | 'message') => {
      const context = audio.current;
      if (muted || !context || context.state !== 'running') return;
      const tones = kind === 'offer' ? [880, 1175] : [660];
      tones.forEach((frequency, index) => {
        const start = context.currentTime + index * 0.16;
        const oscillator = context.createOscillator();
        const gain = context.createGain();
        oscillator.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, start);
        gain.gain.exponentialRampToValueAtTime(0.18, start + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.14);
        oscillator.connect(gain).connect(context.destination);
        oscillator.start(start);
        oscillator.stop(start + 0.15);
      });
    },
    [muted],
  );

  /** A system notification (when allowed and not muted); clicking it brings the inbox forward on that chat. */
  const notify = useCallback(
    (title: string, body: string, tag: string, onClick: () => void) => {
      if (muted || readPermission() !== 'granted') return;
      try {
        const notification = new Notification(title, { body, tag, lang: document.documentElement.lang || 'pl' });
        notification.onclick = () => {
          window.focus();
          onClick();
          notification.close();
        };
      } catch {
        // Some mobile browsers allow notifications only from a service worker: the sound and the badge remain.
      }
    },
    [muted],
  );

  return { muted, setMuted, permission, requestPermission, chime, notify };
}
