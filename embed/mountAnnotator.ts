/**
 * The host helper: puts the annotator in an iframe on a portal page and speaks the host protocol (version 1, see
 * docs/ARCHITECTURE.md "Contract additions: embedding") for it. No dependencies; `npm run build` writes it to
 * dist/embed/mountAnnotator.js as an ES module.
 *
 *   import { mountAnnotator } from './mountAnnotator.js';
 *   const annotator = mountAnnotator(document.getElementById('annotator'), {
 *     appUrl: 'https://annotator.example.com/?fileList=0',
 *     getToken: ({ refresh }) => (refresh ? renewCdfToken() : cachedCdfToken()),
 *     onFileOpened: ({ fileId }) => highlight(fileId),
 *     onAnnotationsChanged: ({ fileId, count }) => updateBadge(fileId, count),
 *   });
 *   annotator.openFile({ fileExternalId: 'pump-17.jpg' });   // queued until the annotator is ready
 *   annotator.setLabels(['pump', 'valve']);
 *
 * The annotator must be deployed with `auth: {mode: "host", allowedOrigins: [<this page's origin>]}` in its
 * config.json. Tokens go to the iframe only as answers to its requests, only to the app's origin, never in a URL.
 */
import type { AppToHostMessage } from '../src/lib/hostProtocol';

export type FileToOpen = { readonly fileId: number } | { readonly fileExternalId: string };

export interface TokenRequestInfo {
  /** True when CDF rejected the last token (401): renew it rather than answer from a cache. */
  readonly refresh: boolean;
}

export interface MountAnnotatorOptions {
  /** The annotator's page; its origin is the only one messages are accepted from and posted to. */
  readonly appUrl: string;
  /** A CDF access token for the annotator; called for every token request the annotator makes. */
  readonly getToken: (request: TokenRequestInfo) => string | Promise<string>;
  readonly onFileOpened?: (event: { readonly fileId: number }) => void;
  /** After CDF confirmed a save, status change or deletion; `count` is the image's annotations now. */
  readonly onAnnotationsChanged?: (event: { readonly fileId: number; readonly count: number }) => void;
  /** When the annotator can take commands (queued commands have been sent). */
  readonly onReady?: () => void;
  /** The iframe's accessible name; default "Image annotator". */
  readonly title?: string;
}

export interface MountedAnnotator {
  /** Shows an image, by CDF internal id or externalId. */
  openFile(file: FileToOpen): void;
  /** Replaces the labels the annotator suggests first. */
  setLabels(labels: readonly string[]): void;
  /** Removes the iframe and stops listening. */
  destroy(): void;
  readonly iframe: HTMLIFrameElement;
}

/**
 * The sandbox keeps what the annotator needs and nothing more: scripts, and its own origin (without
 * `allow-same-origin` it would run on an opaque origin: no IndexedDB for unsent saves, CORS requests from `null`, and
 * messages this helper could not tell from anyone else's), and modals, because the only one the app raises is the
 * browser's "leave page?" prompt while annotations are unsent, which a sandbox without `allow-modals` suppresses. No
 * form submission (the app submits none), popups, top navigation or downloads.
 */
export const IFRAME_SANDBOX = 'allow-scripts allow-same-origin allow-modals';

type HostCommand = { type: 'annotator:open-file'; fileId: number } | { type: 'annotator:open-file'; fileExternalId: string } | { type: 'annotator:set-labels'; labels: string[] };

export function mountAnnotator(element: HTMLElement, options: MountAnnotatorOptions): MountedAnnotator {
  const appUrl = new URL(options.appUrl, window.location.href);
  if (appUrl.protocol !== 'https:' && appUrl.protocol !== 'http:') throw new Error(`appUrl must be an http(s) URL, got ${options.appUrl}`);
  const appOrigin = appUrl.origin;
  const ownerWindow = element.ownerDocument.defaultView ?? window;

  const iframe = element.ownerDocument.createElement('iframe');
  iframe.title = options.title ?? 'Image annotator';
  iframe.setAttribute('sandbox', IFRAME_SANDBOX);
  // The portal's URL is none of the annotator's business.
  iframe.referrerPolicy = 'no-referrer';
  iframe.style.border = '0';
  iframe.style.width = '100%';
  iframe.style.height = '100%';
  iframe.src = appUrl.href;

  let ready = false;
  let destroyed = false;
  const queued: HostCommand[] = [];

  const post = (message: HostCommand | { type: 'cdf-token'; requestId: string; token: string } | { type: 'cdf-token-error'; requestId: string; message: string }) => {
    // An exact target origin: if the iframe navigated elsewhere, the browser drops the message (and the token).
    iframe.contentWindow?.postMessage(message, appOrigin);
  };
  const send = (command: HostCommand) => {
    if (destroyed) return;
    if (ready) post(command);
    else queued.push(command);
  };

  const answerTokenRequest = async (requestId: string, refresh: boolean) => {
    try {
      const token = await options.getToken({ refresh });
      if (typeof token !== 'string' || token === '') throw new Error('getToken gave no token');
      if (!destroyed) post({ type: 'cdf-token', requestId, token });
    } catch (error) {
      if (!destroyed) post({ type: 'cdf-token-error', requestId, message: error instanceof Error ? error.message : String(error) });
    }
  };

  const onMessage = (event: MessageEvent) => {
    // Only the annotator's own frame, on the annotator's origin: not a sibling frame, not whatever the frame navigated to.
    if (event.source !== iframe.contentWindow || event.origin !== appOrigin) return;
    const message = readAppMessage(event.data);
    if (message === null) return;
    switch (message.type) {
      case 'annotator:ready':
        ready = true;
        for (const command of queued.splice(0)) post(command);
        options.onReady?.();
        return;
      case 'cdf-token-request':
        void answerTokenRequest(message.requestId, message.refresh === true);
        return;
      case 'annotator:file-opened':
        options.onFileOpened?.({ fileId: message.fileId });
        return;
      case 'annotator:annotations-changed':
        options.onAnnotationsChanged?.({ fileId: message.fileId, count: message.count });
        return;
    }
  };
  ownerWindow.addEventListener('message', onMessage);
  element.appendChild(iframe);

  return {
    iframe,
    openFile(file) {
      if ('fileId' in file) send({ type: 'annotator:open-file', fileId: file.fileId });
      else send({ type: 'annotator:open-file', fileExternalId: file.fileExternalId });
    },
    setLabels(labels) {
      send({ type: 'annotator:set-labels', labels: [...labels] });
    },
    destroy() {
      destroyed = true;
      queued.length = 0;
      ownerWindow.removeEventListener('message', onMessage);
      iframe.remove();
    },
  };
}

const isPositiveInteger = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value > 0;

/** The app → host messages this helper understands, checked field by field (no zod: the helper has no dependencies). */
export function readAppMessage(data: unknown): AppToHostMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const message = data as Record<string, unknown>;
  switch (message.type) {
    case 'annotator:ready':
      return message.protocol === 1 ? { type: 'annotator:ready', protocol: 1 } : null;
    case 'cdf-token-request':
      if (typeof message.requestId !== 'string' || message.requestId === '' || message.requestId.length > 200) return null;
      return message.refresh === true ? { type: 'cdf-token-request', requestId: message.requestId, refresh: true } : { type: 'cdf-token-request', requestId: message.requestId };
    case 'annotator:file-opened':
      return isPositiveInteger(message.fileId) ? { type: 'annotator:file-opened', fileId: message.fileId } : null;
    case 'annotator:annotations-changed':
      return isPositiveInteger(message.fileId) && typeof message.count === 'number' && Number.isSafeInteger(message.count) && message.count >= 0
        ? { type: 'annotator:annotations-changed', fileId: message.fileId, count: message.count }
        : null;
    default:
      return null;
  }
}
