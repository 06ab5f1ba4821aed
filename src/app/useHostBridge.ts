/**
 * The app's side of the host protocol (lib/hostProtocol.ts), active only with `auth.mode: "host"` in a frame: it tells
 * the embedding page when the app is ready, which image is shown and when CDF confirmed a change to an image's
 * annotations, and it carries out the page's commands through the same code paths as the user (chooseFile, the
 * label suggestions store). Composed here because it joins the files and annotations features.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import type { CdfClient } from '../api/client';
import { annotationQueries } from '../api/annotationQueries';
import { isSegmentableImage, type FileRef } from '../api/files';
import { fileQueries } from '../api/queries';
import { chooseFile } from '../features/files/selectedFile';
import { HOST_PROTOCOL_VERSION, type HostChannel, type HostToAppMessage } from '../lib/hostProtocol';
import { configuredLabelsReplaced } from '../store/labelSuggestions';
import { useHostChannel } from './cdfContext';
import { uniqueLabels } from './config';
import { describeError, type ErrorDescription } from '../lib/errorDescription';
import { useOutboxConfirmations } from './outboxContext';

export interface HostBridge {
  /** Why the page's last command was not carried out (an unknown file, say); null when there is nothing to say. */
  readonly notice: ErrorDescription | null;
  readonly dismissNotice: () => void;
}

/** Channels that have said `annotator:ready`: once per page, also under StrictMode's doubled effects. */
const announced = new WeakSet<HostChannel>();
/** The file each channel last reported as opened, so a re-run effect does not report it twice. */
const lastReportedFile = new WeakMap<HostChannel, number>();

export function useHostBridge(client: CdfClient, shownFileId: number | null): HostBridge {
  const channel = useHostChannel();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<ErrorDescription | null>(null);
  // The newest open-file command wins: an older one that resolves later must not move the view back.
  const latestOpenRequest = useRef(0);

  const openFile = async (ref: FileRef) => {
    latestOpenRequest.current += 1;
    const request = latestOpenRequest.current;
    try {
      // Resolved before anything changes (files/byids, cached like the canvas's own look-up), so an unknown file
      // leaves the open image where it is.
      const file = await queryClient.fetchQuery(fileQueries.detail(client, ref));
      if (request !== latestOpenRequest.current) return;
      if (!isSegmentableImage(file)) {
        setNotice({
          title: 'The host page asked for a file that is not an image',
          detail: `"${file.name}" is ${file.mimeType ?? 'of unknown type'}; the annotator opens JPEG and PNG images.`,
          requestId: undefined,
          retryable: false,
        });
        return;
      }
      setNotice(null);
      chooseFile({ id: file.id });
    } catch (error) {
      if (request !== latestOpenRequest.current) return;
      const description = describeError(error);
      setNotice({ ...description, title: `The host page asked for a file the annotator cannot open: ${description.title}` });
    }
  };

  const onHostMessage = useEffectEvent((message: HostToAppMessage) => {
    switch (message.type) {
      case 'annotator:open-file':
        void openFile('fileId' in message ? { id: message.fileId } : { externalId: message.fileExternalId });
        return;
      case 'annotator:set-labels':
        configuredLabelsReplaced(uniqueLabels(message.labels));
        return;
      case 'cdf-token':
      case 'cdf-token-error':
        // Answers to the token provider's requests; it listens on the same channel.
        return;
    }
  });

  useEffect(() => {
    if (channel === null) return undefined;
    const unsubscribe = channel.subscribe((message) => onHostMessage(message));
    // Subscribed, so commands can be taken from now on.
    if (!announced.has(channel)) {
      announced.add(channel);
      channel.post({ type: 'annotator:ready', protocol: HOST_PROTOCOL_VERSION });
    }
    return unsubscribe;
  }, [channel]);

  useEffect(() => {
    if (channel === null || shownFileId === null || lastReportedFile.get(channel) === shownFileId) return;
    lastReportedFile.set(channel, shownFileId);
    channel.post({ type: 'annotator:file-opened', fileId: shownFileId });
  }, [channel, shownFileId]);

  useOutboxConfirmations((confirmation) => {
    if (channel === null) return;
    const { fileId } = confirmation;
    // The count CDF holds now: read after the confirmation (joins the refetch the confirmation itself triggers).
    queryClient.fetchQuery({ ...annotationQueries.file(client, fileId), staleTime: 0 }).then(
      (annotations) => channel.post({ type: 'annotator:annotations-changed', fileId, count: annotations.length }),
      (error: unknown) => console.warn('Annotator: could not count the annotations to tell the host page:', error),
    );
  });

  return { notice, dismissNotice: () => setNotice(null) };
}
