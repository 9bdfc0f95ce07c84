'use client';

import { useCallback, useEffect, useRef, useState, type ComponentType } from 'react';
import { useTranslations } from 'next-intl';
import { MonitorUp } from 'lucide-react';
import { Button } from './button';
import { FieldError } from './field';
import type { AttachmentUploaderProps } from './attachment-uploader';
import { filesFromPaste } from './pasted-files';
import { markRecordable, MAX_RECORDING_SECONDS } from './screen-recording-support';
import { UploadDropZone } from './upload-drop-zone';
import { useFileListeners } from './use-file-listeners';
import { useTranslateKey } from './use-translate-key';

const loadUploader = () => import('./attachment-uploader');

/**
 * The attachment uploader for a page that should not pay for it up front (the contact form). This component keeps
 * the drop area (the same `UploadDropZone` the uploader shows) and the page's drop and Ctrl+V listeners for good;
 * the uploader itself (uploads, progress, previews, the screen recorder) loads on the first file picked, dropped or
 * pasted, or a press on "Nagraj ekran", takes over the files that came in meanwhile and, if asked, starts recording.
 * The file input is never replaced, so a file picked while the uploader loads is not lost.
 */
export function DeferredAttachmentUploader({
  takeEarlyFiles,
  ...props
}: AttachmentUploaderProps & {
  /** Files that came before this component existed (the contact form's early input), taken once on mount. */
  takeEarlyFiles?: () => File[];
}) {
  const t = useTranslations('ticketForm');
  const translateKey = useTranslateKey();
  const [Uploader, setUploader] = useState<ComponentType<AttachmentUploaderProps> | null>(null);
  const [handOver, setHandOver] = useState<{ files: File[]; record: boolean }>({ files: [], record: false });
  const [failed, setFailed] = useState(false);
  const loading = useRef(false);
  const queued = useRef<File[]>([]);
  const record = useRef(false);
  const direct = useRef<((files: File[]) => void) | null>(null);
  const pasted = useRef<string[]>([]);

  const deliver = (files: readonly File[], startRecording = false) => {
    if (direct.current) {
      if (files.length) direct.current([...files]);
      return;
    }
    // Until the uploader has mounted and connected, files wait here (the same array it reads on mount).
    queued.current.push(...files);
    record.current ||= startRecording;
    if (loading.current) return;
    loading.current = true;
    setFailed(false);
    loadUploader().then(
      (module) => {
        setHandOver({ files: queued.current, record: record.current });
        setUploader(() => module.AttachmentUploader);
      },
      () => {
        // Offline for a moment: the files stay queued and the next file or paste tries again.
        loading.current = false;
        setFailed(true);
      },
    );
  };
  const connect = useCallback((addFiles: (files: File[]) => void) => {
    direct.current = addFiles;
  }, []);

  // The page-wide listeners (the uploader's own stay off while embedded): a drop anywhere must not replace the
  // page, and Ctrl+V anywhere adds the pasted files.
  useEffect(() => {
    markRecordable();
    const early = takeEarlyFiles?.() ?? [];
    if (early.length) deliver(early);
    // Once, on mount: `deliver` only reads refs and sets state.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const dragging = useFileListeners('document', true, deliver, (event) => {
    const files = filesFromPaste(event, [...props.items.map((item) => item.file.name), ...pasted.current], (stamp) =>
      t('attachments.pastedName', { stamp }),
    );
    if (!files.length) return;
    event.preventDefault();
    pasted.current.push(...files.map((file) => file.name));
    deliver(files);
  });

  return (
    <div>
      <UploadDropZone
        inputId={props.inputId}
        dragging={dragging}
        limits={props.limits}
        onFiles={(files) => {
          if (files.length) deliver(files);
        }}
      />
      {Uploader ? (
        <Uploader {...props} initialFiles={handOver.files} startRecording={handOver.record} connect={connect} />
      ) : (
        <>
          {/* In the server's HTML, shown by CSS where the browser can record (`data-recordable` on <html>). */}
          <div className="mt-3 hidden [[data-recordable]_&]:block" data-testid="screen-recorder">
            <div className="flex flex-wrap items-center gap-3">
              <Button type="button" variant="secondary" onClick={() => deliver([], true)}>
                <MonitorUp aria-hidden="true" className="size-4" />
                {t('recorder.start')}
              </Button>
              <p className="text-xs text-slate-600">{t('recorder.hint', { minutes: MAX_RECORDING_SECONDS / 60 })}</p>
            </div>
          </div>
          <FieldError
            id="attachments-error"
            messages={failed ? [...(props.errors ?? []), translateKey('errors.tryAgain')] : props.errors}
          />
        </>
      )}
    </div>
  );
}
