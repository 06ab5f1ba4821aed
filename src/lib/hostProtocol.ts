/**
 * The host protocol, version 1 (docs/ARCHITECTURE.md, "Contract additions: embedding"): the messages the app in an
 * iframe and the page that embeds it exchange with postMessage, one union per direction, validated with zod on receipt.
 *
 *   app → host: annotator:ready, cdf-token-request, annotator:file-opened, annotator:annotations-changed
 *   host → app: cdf-token, cdf-token-error, annotator:open-file, annotator:set-labels
 *
 * `createHostChannel` is the one place that listens and posts: it accepts a message only from `window.parent` on an
 * allowed origin, drops oversized or deeply nested data before parsing it, ignores (and warns once about) unknown or
 * malformed messages instead of throwing, and posts only to the allowed origins, never to `*`.
 */
import { z } from 'zod';

export const HOST_PROTOCOL_VERSION = 1;

export const TOKEN_REQUEST_TYPE = 'cdf-token-request';
export const TOKEN_RESPONSE_TYPE = 'cdf-token';
export const TOKEN_ERROR_TYPE = 'cdf-token-error';

/**
 * Limits on what the app will even look at. A host message is a handful of short fields; a bigger or deeper one is a
 * bug or an attack (a label list of a million entries, a 50 MB string, a chain nested 10 000 levels deep to make a
 * recursive parser overflow its stack), so it is dropped before zod walks it.
 */
export const MESSAGE_LIMITS = {
  /** Objects and arrays nested in each other, the message itself being depth 1. */
  maxDepth: 6,
  /** Objects, arrays and primitives counted over the whole message. */
  maxNodes: 2_000,
  /** Characters summed over every string and key (a JWT is 1–4 kB; 1000 labels of 128 characters are 128 kB). */
  maxTotalChars: 256 * 1024,
} as const;

/** CDF's limit on `data.label`. */
const MAX_LABEL_LENGTH = 128;
const MAX_LABELS = 1000;

const requestId = z.string().min(1).max(200);
const fileId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const openFileById = z.object({ type: z.literal('annotator:open-file'), fileId });
const openFileByExternalId = z.object({ type: z.literal('annotator:open-file'), fileExternalId: z.string().min(1).max(255) });

/** Host → app, by type; `annotator:open-file` names exactly one of `fileId` / `fileExternalId`. */
const hostToAppSchemas = {
  [TOKEN_RESPONSE_TYPE]: z.object({ type: z.literal(TOKEN_RESPONSE_TYPE), requestId, token: z.string().min(1) }),
  [TOKEN_ERROR_TYPE]: z.object({ type: z.literal(TOKEN_ERROR_TYPE), requestId, message: z.string() }),
  'annotator:open-file': z.union([openFileById.strict(), openFileByExternalId.strict()]),
  'annotator:set-labels': z.object({
    type: z.literal('annotator:set-labels'),
    labels: z.array(z.string().trim().min(1).max(MAX_LABEL_LENGTH)).max(MAX_LABELS),
  }),
} as const;

export const hostToAppMessageSchema = z.union([
  hostToAppSchemas[TOKEN_RESPONSE_TYPE],
  hostToAppSchemas[TOKEN_ERROR_TYPE],
  hostToAppSchemas['annotator:open-file'],
  hostToAppSchemas['annotator:set-labels'],
]);
export type HostToAppMessage = z.infer<typeof hostToAppMessageSchema>;

/** App → host. The app builds these itself; the schema documents them and lets the host helper's tests check them. */
export const appToHostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('annotator:ready'), protocol: z.literal(HOST_PROTOCOL_VERSION) }),
  z.object({ type: z.literal(TOKEN_REQUEST_TYPE), requestId, refresh: z.literal(true).optional() }),
  z.object({ type: z.literal('annotator:file-opened'), fileId }),
  z.object({ type: z.literal('annotator:annotations-changed'), fileId, count: z.number().int().nonnegative() }),
]);
export type AppToHostMessage = z.infer<typeof appToHostMessageSchema>;

export type IgnoredReason = 'oversized' | 'too-deep' | 'not-a-message' | 'unknown-type' | 'malformed';

export type ParsedHostMessage =
  | { readonly ok: true; readonly message: HostToAppMessage }
  /** `key` groups failures of one kind (reason and type) so each kind is reported once. */
  | { readonly ok: false; readonly reason: IgnoredReason; readonly detail: string; readonly key: string };

/** Checks the size and depth of structured-clone data without recursion, stopping as soon as a limit is passed. */
export function exceedsLimits(data: unknown, limits: typeof MESSAGE_LIMITS = MESSAGE_LIMITS): 'oversized' | 'too-deep' | null {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: data, depth: 1 }];
  let nodes = 0;
  let chars = 0;
  while (stack.length > 0) {
    const { value, depth } = stack.pop() as { value: unknown; depth: number };
    nodes += 1;
    if (nodes > limits.maxNodes) return 'oversized';
    if (typeof value === 'string') {
      chars += value.length;
      if (chars > limits.maxTotalChars) return 'oversized';
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > limits.maxDepth) return 'too-deep';
    // Checked before the entries are listed, so a 10-million-entry array costs nothing more.
    if (Array.isArray(value) && nodes + stack.length + value.length > limits.maxNodes) return 'oversized';
    // Maps, Sets, Blobs, typed arrays… are not part of the protocol: counted as one node and rejected by zod.
    const entries: Iterable<[string, unknown]> = Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
    for (const [key, child] of entries) {
      chars += key.length;
      if (chars > limits.maxTotalChars) return 'oversized';
      stack.push({ value: child, depth: depth + 1 });
    }
  }
  return null;
}

const KNOWN_TYPES = new Set<string>(Object.keys(hostToAppSchemas));

/** Validates data the parent posted. Never throws. */
export function parseHostMessage(data: unknown): ParsedHostMessage {
  const limit = exceedsLimits(data);
  if (limit === 'oversized') return { ok: false, reason: 'oversized', detail: 'the message is larger than the protocol allows', key: 'oversized' };
  if (limit === 'too-deep') return { ok: false, reason: 'too-deep', detail: `the message is nested deeper than ${MESSAGE_LIMITS.maxDepth} levels`, key: 'too-deep' };
  if (typeof data !== 'object' || data === null || Array.isArray(data) || typeof (data as { type?: unknown }).type !== 'string') {
    return { ok: false, reason: 'not-a-message', detail: 'not an object with a string "type"', key: 'not-a-message' };
  }
  const type = (data as { type: string }).type.slice(0, 80);
  if (!KNOWN_TYPES.has(type)) return { ok: false, reason: 'unknown-type', detail: `unknown type "${type}"`, key: `unknown-type:${type}` };
  const parsed = hostToAppMessageSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`).join('; ');
    return { ok: false, reason: 'malformed', detail: `"${type}" is malformed (${issues.slice(0, 300)})`, key: `malformed:${type}` };
  }
  return { ok: true, message: parsed.data };
}

export interface HostChannelOptions {
  /** The app's own window: where messages arrive. */
  readonly selfWindow: Window;
  /** The embedding page, `window.parent`: the only window whose messages count and the only one posted to. */
  readonly hostWindow: Window;
  /** Exact origins (`https://portal.example.com`), never `*`. */
  readonly allowedOrigins: readonly string[];
  /** Where ignored messages are reported, once per kind; console.warn by default. */
  readonly warn?: (message: string) => void;
}

export interface HostChannel {
  /** Posts to the parent once per allowed origin; the browser delivers it only if the parent is on that origin. */
  post(message: AppToHostMessage): void;
  /** Calls `listener` with every valid message from the parent on an allowed origin. */
  subscribe(listener: (message: HostToAppMessage) => void): () => void;
  /** Stops listening (tests, and the app's teardown). */
  close(): void;
}

const MAX_WARNED_KINDS = 50;

export function createHostChannel({ selfWindow, hostWindow, allowedOrigins, warn = (text) => console.warn(text) }: HostChannelOptions): HostChannel {
  if (allowedOrigins.length === 0 || allowedOrigins.includes('*')) throw new Error('The host channel needs exact allowed origins, never "*".');
  const listeners = new Set<(message: HostToAppMessage) => void>();
  const warned = new Set<string>();
  const warnOnce = (key: string, text: string) => {
    // Bounded, so a parent inventing endless new types cannot grow it (nor the console) without end.
    if (warned.has(key) || warned.size >= MAX_WARNED_KINDS) return;
    warned.add(key);
    warn(`Annotator: ignoring a message from the host page: ${text}. Further messages like it are ignored silently.`);
  };
  const onMessage = (event: MessageEvent) => {
    // Sibling frames, child frames, extensions and the page itself all post to this window: only the parent counts.
    if (event.source !== hostWindow) return;
    if (!allowedOrigins.includes(event.origin)) {
      warnOnce(`origin:${event.origin}`, `its origin ${event.origin} is not in auth.allowedOrigins`);
      return;
    }
    const parsed = parseHostMessage(event.data);
    if (!parsed.ok) {
      warnOnce(parsed.key, parsed.detail);
      return;
    }
    for (const listener of listeners) listener(parsed.message);
  };
  selfWindow.addEventListener('message', onMessage);
  return {
    post(message) {
      for (const origin of allowedOrigins) hostWindow.postMessage(message, origin);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
      selfWindow.removeEventListener('message', onMessage);
    },
  };
}
