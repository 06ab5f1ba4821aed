import { describe, expect, it, vi } from 'vitest';
import { appToHostMessageSchema, createHostChannel, exceedsLimits, MESSAGE_LIMITS, parseHostMessage, type HostToAppMessage } from './hostProtocol';

const PORTAL = 'https://portal.test';

/** A fake embedding: the app's window (an EventTarget) and a parent that records postMessage calls. */
function embedding(allowedOrigins: readonly string[] = [PORTAL]) {
  const posted: Array<{ message: unknown; origin: string }> = [];
  const parent = { postMessage: vi.fn((message: unknown, origin: string) => posted.push({ message, origin })) } as unknown as Window;
  const self = Object.assign(new EventTarget(), { parent }) as unknown as Window;
  const warn = vi.fn<(text: string) => void>();
  const channel = createHostChannel({ selfWindow: self, hostWindow: parent, allowedOrigins, warn });
  const received: HostToAppMessage[] = [];
  channel.subscribe((message) => received.push(message));
  const deliver = (data: unknown, origin = PORTAL, source: unknown = parent) =>
    self.dispatchEvent(Object.assign(new Event('message'), { data, origin, source }));
  return { channel, posted, received, deliver, warn };
}

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level += 1) value = { inner: value };
  return value;
};

describe('parseHostMessage', () => {
  it('accepts every valid host → app message', () => {
    const valid: unknown[] = [
      { type: 'cdf-token', requestId: 'r1', token: 'eyJ.x.y' },
      { type: 'cdf-token-error', requestId: 'r1', message: 'signed out' },
      { type: 'annotator:open-file', fileId: 1000001 },
      { type: 'annotator:open-file', fileExternalId: 'sample:coffee' },
      { type: 'annotator:set-labels', labels: ['pump', ' valve '] },
      { type: 'annotator:set-labels', labels: [] },
    ];
    for (const data of valid) expect(parseHostMessage(data)).toMatchObject({ ok: true });
    expect(parseHostMessage({ type: 'annotator:set-labels', labels: [' valve '] })).toEqual({ ok: true, message: { type: 'annotator:set-labels', labels: ['valve'] } });
  });

  it('names an unknown type', () => {
    expect(parseHostMessage({ type: 'annotator:delete-everything' })).toMatchObject({ ok: false, reason: 'unknown-type' });
    expect(parseHostMessage('hello')).toMatchObject({ ok: false, reason: 'not-a-message' });
    expect(parseHostMessage(null)).toMatchObject({ ok: false, reason: 'not-a-message' });
    expect(parseHostMessage([{ type: 'cdf-token' }])).toMatchObject({ ok: false, reason: 'not-a-message' });
  });

  it('refuses malformed messages of known types', () => {
    const malformed: unknown[] = [
      { type: 'cdf-token', requestId: 'r1' },
      { type: 'cdf-token', requestId: 'r1', token: '' },
      { type: 'annotator:open-file' },
      { type: 'annotator:open-file', fileId: 1, fileExternalId: 'both' },
      { type: 'annotator:open-file', fileId: -3 },
      { type: 'annotator:open-file', fileId: 1.5 },
      { type: 'annotator:open-file', fileId: '1000001' },
      { type: 'annotator:open-file', fileExternalId: '' },
      { type: 'annotator:set-labels', labels: 'pump' },
      { type: 'annotator:set-labels', labels: ['   '] },
      { type: 'annotator:set-labels', labels: ['x'.repeat(129)] },
    ];
    for (const data of malformed) expect(parseHostMessage(data), JSON.stringify(data)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('drops oversized messages before parsing them', () => {
    expect(parseHostMessage({ type: 'cdf-token', requestId: 'r', token: 'x'.repeat(MESSAGE_LIMITS.maxTotalChars + 1) })).toMatchObject({ ok: false, reason: 'oversized' });
    expect(parseHostMessage({ type: 'annotator:set-labels', labels: Array.from({ length: 5000 }, (_, index) => `l${index}`) })).toMatchObject({ ok: false, reason: 'oversized' });
    // A huge sparse array is refused from its length alone.
    const sparse: unknown[] = [];
    sparse.length = 10_000_000;
    expect(parseHostMessage({ type: 'annotator:set-labels', labels: sparse })).toMatchObject({ ok: false, reason: 'oversized' });
  });

  it('drops deeply nested messages without recursing', () => {
    expect(parseHostMessage({ type: 'annotator:open-file', fileId: 1, extra: nested(MESSAGE_LIMITS.maxDepth) })).toMatchObject({ ok: false, reason: 'too-deep' });
    expect(exceedsLimits(nested(100_000))).toBe('too-deep');
    expect(exceedsLimits({ type: 'x', a: nested(MESSAGE_LIMITS.maxDepth - 2) })).toBeNull();
  });
});

describe('createHostChannel', () => {
  it('delivers valid messages from the parent on an allowed origin', () => {
    const { deliver, received, warn } = embedding();
    deliver({ type: 'annotator:open-file', fileId: 7 });
    expect(received).toEqual([{ type: 'annotator:open-file', fileId: 7 }]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('ignores a message from any window but the parent (a sibling or child frame), silently', () => {
    const { deliver, received, warn } = embedding();
    const sibling = { postMessage: vi.fn() };
    deliver({ type: 'annotator:open-file', fileId: 7 }, PORTAL, sibling);
    deliver({ type: 'cdf-token', requestId: 'r', token: 'forged' }, PORTAL, null);
    expect(received).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('ignores the parent on an origin that is not allowed, and warns once', () => {
    const { deliver, received, warn } = embedding();
    deliver({ type: 'annotator:open-file', fileId: 7 }, 'https://evil.test');
    deliver({ type: 'annotator:open-file', fileId: 8 }, 'https://evil.test');
    deliver({ type: 'annotator:open-file', fileId: 9 }, 'null');
    expect(received).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0]?.[0]).toContain('https://evil.test is not in auth.allowedOrigins');
  });

  it('ignores unknown, malformed, oversized and nested messages, warning once per kind and never throwing', () => {
    const { deliver, received, warn } = embedding();
    for (let round = 0; round < 3; round += 1) {
      expect(() => {
        deliver({ type: 'portal:theme-changed' });
        deliver({ type: 'annotator:open-file', fileId: 'seven' });
        deliver({ type: 'annotator:set-labels', labels: ['x'.repeat(MESSAGE_LIMITS.maxTotalChars + 1)] });
        deliver({ type: 'annotator:set-labels', labels: [], deep: nested(50) });
      }).not.toThrow();
    }
    expect(received).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(4);
    expect(warn.mock.calls.map(([text]) => text).join('\n')).toMatch(/unknown type "portal:theme-changed"[\s\S]*malformed[\s\S]*larger[\s\S]*nested deeper/);
  });

  it('posts only to the allowed origins, never to *', () => {
    const { channel, posted } = embedding([PORTAL, 'https://other-portal.test']);
    channel.post({ type: 'annotator:ready', protocol: 1 });
    expect(posted).toEqual([
      { message: { type: 'annotator:ready', protocol: 1 }, origin: PORTAL },
      { message: { type: 'annotator:ready', protocol: 1 }, origin: 'https://other-portal.test' },
    ]);
    expect(() => createHostChannel({ selfWindow: window, hostWindow: window, allowedOrigins: ['*'] })).toThrow(/never "\*"/);
    expect(() => createHostChannel({ selfWindow: window, hostWindow: window, allowedOrigins: [] })).toThrow();
  });

  it('stops delivering after close', () => {
    const { channel, deliver, received } = embedding();
    channel.close();
    deliver({ type: 'annotator:open-file', fileId: 7 });
    expect(received).toEqual([]);
  });

  it('documents the app → host messages', () => {
    expect(appToHostMessageSchema.safeParse({ type: 'annotator:ready', protocol: 1 }).success).toBe(true);
    expect(appToHostMessageSchema.safeParse({ type: 'annotator:annotations-changed', fileId: 1, count: 0 }).success).toBe(true);
    expect(appToHostMessageSchema.safeParse({ type: 'annotator:ready', protocol: 2 }).success).toBe(false);
  });
});
