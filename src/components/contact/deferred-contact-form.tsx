'use client';

import { use, useEffect, useRef } from 'react';
import { filesFromPaste } from '@/components/ui/pasted-files';
import { markRecordable } from '@/components/ui/screen-recording-support';
import type { ContactFormEntryProps, ContactFormIsland } from './contact-form-with-suggestions';
import { environmentSummary, readEnvironment } from './detect-environment';
import { earlyFileNames, keepEarlyFiles, keepEarlyPress, onFormHydrated } from './early-form';
import { readOpenedAt } from './opened-at';

type FormModule = typeof import('./contact-form-with-suggestions');
const importForm = (): Promise<FormModule> => import('./contact-form-with-suggestions');

/** Marks `promise` settled the way React itself does, so that `use` reads its value at once from then on. */
function tracked<T>(promise: Promise<T>): Promise<T> {
  promise.then(
    (value) => Object.assign(promise, { status: 'fulfilled', value }),
    () => undefined,
  );
  return promise;
}

/** On the server the form renders into the page's HTML, with the page. */
const serverForm = typeof window === 'undefined' ? tracked(importForm()) : null;

let loading: Promise<FormModule> | null = null;
/** In the browser, the form's code (the form, its editors and pickers, the uploader's stand-in, next-intl's client). */
function loadForm(): Promise<FormModule> {
  loading ??= importForm().catch((error: unknown) => {
    // Offline for a moment: the next interaction tries again.
    loading = null;
    throw error;
  });
  return loading;
}

/** The same object every render: React would otherwise write it to the container, over the form. */
const SERVER_HTML = { __html: '' };

export interface DeferredContactFormProps extends ContactFormEntryProps {
  /** The dated name a pasted screenshot gets (`zrzut-ekranu-{stamp}`), for a paste that comes before the form's code. */
  pastedName: string;
}

/**
 * The contact form, server-rendered with the page and hydrated on first use, as a React root of its own: its code
 * loads on the first focus, pointer press, hover, key or touch in it, or a file dragged or pasted onto the page.
 * Until then the page's root leaves the form's HTML alone (a container with `dangerouslySetInnerHTML`, which hydration
 * does not look into); then `hydrateRoot` adopts that HTML. (A Suspense boundary that stays dehydrated would do the
 * same inside the page's root, but React streams a boundary this large after the rest of the page and reveals it
 * later, so the form would appear after the page.) Nothing done meanwhile is lost: typed text, chosen radios, focus
 * and caret stay in the DOM and the form reads them back when it hydrates; files and button presses are kept
 * (early-form.ts) and handed over. This part, loaded with the page, also fills in what only the browser knows (its
 * environment, the time zone, "now" for "Kiedy wystąpił problem?", whether it can record the screen), so the page
 * looks the same as a hydrated one. Without server HTML (a client-side navigation) the form loads at once.
 */
export function DeferredContactForm({ pastedName, ...props }: DeferredContactFormProps) {
  const ref = useRef<HTMLDivElement>(null);
  const island = useRef<ContactFormIsland | null>(null);
  const latest = useRef(props);

  useEffect(() => {
    latest.current = props;
    island.current?.render(props);
  });

  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    let active = true;
    let stop = () => undefined as void;
    const mount = (module: FormModule) => {
      if (!active || island.current) return;
      // From here React takes the events: one aimed at the form while it hydrates hydrates it at once.
      stop();
      island.current = module.mountContactForm(container, latest.current);
    };
    const start = () => {
      loadForm().then(mount, () => undefined);
    };
    if (container.firstChild) {
      fillInBrowserFacts(container);
      stop = listenForEarlyInput(container, pastedName, start);
      onFormHydrated(stop);
    } else {
      start();
    }
    return () => {
      active = false;
      stop();
      const mounted = island.current;
      island.current = null;
      // Not while React is committing the page's own root.
      if (mounted) setTimeout(() => mounted.unmount());
    };
  }, [pastedName]);

  if (serverForm) {
    const { ContactFormEntry } = use(serverForm);
    return (
      <div>
        <ContactFormEntry {...props} />
      </div>
    );
  }
  return <div ref={ref} suppressHydrationWarning dangerouslySetInnerHTML={SERVER_HTML} />;
}

/** What the hydrated form would show at once: the same text, written into the server's HTML (marked `data-early`). */
function fillInBrowserFacts(root: HTMLElement) {
  const environment = readEnvironment();
  const write = (name: string, text: string) => {
    const element = root.querySelector(`[data-early="${name}"]`);
    if (element && text) element.textContent = text;
  };
  write('environment', environmentSummary(environment));
  write('time-zone', environment.timeZone.split(' ')[0] ?? '');
  const openedAt = root.querySelector<HTMLInputElement>('input[data-early="opened-at"]');
  if (openedAt && !openedAt.value) openedAt.value = readOpenedAt();
  markRecordable();
}

type Listener = (event: Event) => void;

/**
 * Until the form hydrates: its first use starts loading its code, button presses wait for it (not sent, not
 * toggled), and files picked, dropped or pasted are kept. React stops events aimed at HTML it has not hydrated yet at
 * the document, so these listen on the window, in the capture phase. Drops and pastes elsewhere on the page are taken
 * at the document when they bubble (as the uploader's own listeners do), so a drop area that keeps its files (the
 * chat's composer) still can. Returns the function that removes them.
 */
function listenForEarlyInput(root: HTMLElement, pastedName: string, load: () => void): () => void {
  const inside = (event: Event) => event.target instanceof Node && root.contains(event.target);
  const hasFiles = (event: Event) => event instanceof DragEvent && Boolean(event.dataTransfer?.types.includes('Files'));

  const wake: Listener = (event) => {
    if (inside(event)) load();
  };
  const press: Listener = (event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    if (!button || button.disabled || !root.contains(button)) return;
    event.preventDefault();
    keepEarlyPress(button);
    load();
  };
  const submit: Listener = (event) => {
    if (!inside(event)) return;
    event.preventDefault();
    const submitter = event instanceof SubmitEvent ? event.submitter : null;
    if (submitter) keepEarlyPress(submitter);
    load();
  };
  const pick: Listener = (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== 'file' || !root.contains(input)) return;
    keepEarlyFiles(Array.from(input.files ?? []));
    input.value = '';
    load();
  };
  const dragEnter: Listener = (event) => {
    if (hasFiles(event)) load();
  };
  const dragOver: Listener = (event) => {
    if (hasFiles(event)) event.preventDefault();
  };
  const drop: Listener = (event) => {
    if (!(event instanceof DragEvent) || !hasFiles(event)) return;
    event.preventDefault();
    keepEarlyFiles(Array.from(event.dataTransfer?.files ?? []));
    load();
  };
  const paste: Listener = (event) => {
    if (!(event instanceof ClipboardEvent)) return;
    const files = filesFromPaste(event, earlyFileNames(), (stamp) => pastedName.replace('{stamp}', stamp));
    if (!files.length) return;
    event.preventDefault();
    keepEarlyFiles(files);
    load();
  };
  const onlyInside =
    (listener: Listener): Listener =>
    (event) => {
      if (inside(event)) listener(event);
    };
  const onlyOutside =
    (listener: Listener): Listener =>
    (event) => {
      if (!inside(event)) listener(event);
    };

  const registered: [EventTarget, string, Listener, boolean][] = [
    ...['focusin', 'pointerdown', 'pointerover', 'keydown', 'touchstart'].map((type): [EventTarget, string, Listener, boolean] => [
      window,
      type,
      wake,
      true,
    ]),
    [window, 'click', press, true],
    [window, 'submit', submit, true],
    [window, 'change', pick, true],
    [window, 'dragenter', dragEnter, true],
    [window, 'dragover', onlyInside(dragOver), true],
    [window, 'drop', onlyInside(drop), true],
    [window, 'paste', onlyInside(paste), true],
    [document, 'dragover', onlyOutside(dragOver), false],
    [document, 'drop', onlyOutside(drop), false],
    [document, 'paste', onlyOutside(paste), false],
  ];
  for (const [target, type, listener, capture] of registered) target.addEventListener(type, listener, { capture, passive: false });
  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    for (const [target, type, listener, capture] of registered) target.removeEventListener(type, listener, { capture });
  };
}
