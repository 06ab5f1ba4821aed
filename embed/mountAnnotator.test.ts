import { afterEach, describe, expect, it, vi } from 'vitest';
import { appToHostMessageSchema } from '../src/lib/hostProtocol';
import { IFRAME_SANDBOX, mountAnnotator, readAppMessage, type MountAnnotatorOptions } from './mountAnnotator';

const APP_URL = 'https://annotator.test/app/?fileList=0';
const APP_ORIGIN = 'https://annotator.test';

function mount(overrides: Partial<MountAnnotatorOptions> = {}) {
  const element = document.createElement('div');
  document.body.append(element);
  const options = {
    getToken: vi.fn<MountAnnotatorOptions['getToken']>(() => 'token-1'),
    onFileOpened: vi.fn<(event: { fileId: number }) => void>(),
    onAnnotationsChanged: vi.fn<(event: { fileId: number; count: number }) => void>(),
    onReady: vi.fn<() => void>(),
  };
  const annotator = mountAnnotator(element, { appUrl: APP_URL, ...options, ...overrides });
  const frameWindow = annotator.iframe.contentWindow;
  if (frameWindow === null) throw new Error('jsdom gave the iframe no window');
  const posted: Array<{ message: unknown; origin: string }> = [];
  vi.spyOn(frameWindow, 'postMessage').mockImplementation(((message: unknown, origin: string) => {
    posted.push({ message, origin });
  }) as typeof frameWindow.postMessage);
  /** A message to the portal's window, from the annotator's frame unless told otherwise. */
  const fromApp = (data: unknown, origin = APP_ORIGIN, source: MessageEventSource | null = frameWindow) =>
    window.dispatchEvent(new MessageEvent('message', { data, origin, source }));
  return { element, options, annotator, posted, fromApp };
}

/** Lets the helper's async token answer run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

describe('mountAnnotator', () => {
  it('puts a sandboxed iframe for the app into the element', () => {
    const { element, annotator } = mount({ title: 'Annotator for pumps' });
    expect(element.children).toHaveLength(1);
    expect(annotator.iframe.src).toBe(APP_URL);
    expect(annotator.iframe.getAttribute('sandbox')).toBe(IFRAME_SANDBOX);
    expect(IFRAME_SANDBOX.split(' ')).not.toContain('allow-top-navigation');
    expect(annotator.iframe.title).toBe('Annotator for pumps');
    expect(annotator.iframe.referrerPolicy).toBe('no-referrer');
  });

  it('refuses an appUrl that is not http(s)', () => {
    expect(() => mount({ appUrl: 'javascript:alert(1)' })).toThrow(/http\(s\)/);
  });

  it('queues commands until the app is ready, then posts them in order to the app origin only', () => {
    const { annotator, posted, fromApp, options } = mount();
    annotator.openFile({ fileExternalId: 'sample:coffee' });
    annotator.setLabels(['pump', 'valve']);
    expect(posted).toEqual([]);
    fromApp({ type: 'annotator:ready', protocol: 1 });
    expect(options.onReady).toHaveBeenCalledTimes(1);
    annotator.openFile({ fileId: 1000003 });
    expect(posted).toEqual([
      { message: { type: 'annotator:open-file', fileExternalId: 'sample:coffee' }, origin: APP_ORIGIN },
      { message: { type: 'annotator:set-labels', labels: ['pump', 'valve'] }, origin: APP_ORIGIN },
      { message: { type: 'annotator:open-file', fileId: 1000003 }, origin: APP_ORIGIN },
    ]);
  });

  it('ignores messages from another origin or another frame', () => {
    const { annotator, posted, fromApp, options } = mount();
    annotator.openFile({ fileId: 1 });
    const sibling = document.createElement('iframe');
    document.body.append(sibling);
    fromApp({ type: 'annotator:ready', protocol: 1 }, 'https://evil.test');
    fromApp({ type: 'annotator:ready', protocol: 1 }, APP_ORIGIN, sibling.contentWindow);
    fromApp({ type: 'annotator:ready', protocol: 1 }, APP_ORIGIN, window);
    fromApp({ type: 'cdf-token-request', requestId: 'r1' }, 'https://evil.test');
    fromApp({ type: 'annotator:file-opened', fileId: 5 }, APP_ORIGIN, sibling.contentWindow);
    expect(posted).toEqual([]);
    expect(options.onReady).not.toHaveBeenCalled();
    expect(options.onFileOpened).not.toHaveBeenCalled();
    expect(options.getToken).not.toHaveBeenCalled();
  });

  it('answers a token request with getToken, passing the refresh flag, even before ready', async () => {
    const getToken = vi.fn<MountAnnotatorOptions['getToken']>(({ refresh }) => Promise.resolve(refresh ? 'renewed' : 'cached'));
    const { posted, fromApp } = mount({ getToken });
    fromApp({ type: 'cdf-token-request', requestId: 'r1' });
    fromApp({ type: 'cdf-token-request', requestId: 'r2', refresh: true });
    await settle();
    expect(getToken.mock.calls).toEqual([[{ refresh: false }], [{ refresh: true }]]);
    expect(posted).toEqual([
      { message: { type: 'cdf-token', requestId: 'r1', token: 'cached' }, origin: APP_ORIGIN },
      { message: { type: 'cdf-token', requestId: 'r2', token: 'renewed' }, origin: APP_ORIGIN },
    ]);
  });

  it('reports a failing getToken as cdf-token-error', async () => {
    const { posted, fromApp } = mount({ getToken: () => Promise.reject(new Error('signed out')) });
    fromApp({ type: 'cdf-token-request', requestId: 'r1' });
    await settle();
    expect(posted).toEqual([{ message: { type: 'cdf-token-error', requestId: 'r1', message: 'signed out' }, origin: APP_ORIGIN }]);
  });

  it('passes events on and drops malformed ones', () => {
    const { fromApp, options } = mount();
    fromApp({ type: 'annotator:file-opened', fileId: 1000001 });
    fromApp({ type: 'annotator:annotations-changed', fileId: 1000001, count: 3 });
    fromApp({ type: 'annotator:file-opened', fileId: '1000001' });
    fromApp({ type: 'annotator:annotations-changed', fileId: 1000001, count: -1 });
    fromApp('annotator:ready');
    expect(options.onFileOpened.mock.calls).toEqual([[{ fileId: 1000001 }]]);
    expect(options.onAnnotationsChanged.mock.calls).toEqual([[{ fileId: 1000001, count: 3 }]]);
  });

  it('stops listening and removes the iframe on destroy', async () => {
    const { element, annotator, posted, fromApp, options } = mount();
    annotator.destroy();
    expect(element.children).toHaveLength(0);
    fromApp({ type: 'annotator:ready', protocol: 1 });
    fromApp({ type: 'cdf-token-request', requestId: 'r1' });
    annotator.openFile({ fileId: 1 });
    await settle();
    expect(options.onReady).not.toHaveBeenCalled();
    expect(options.getToken).not.toHaveBeenCalled();
    expect(posted).toEqual([]);
  });
});

describe('readAppMessage', () => {
  it('reads exactly what the app posts (the app-side schema agrees)', () => {
    const messages = [
      { type: 'annotator:ready', protocol: 1 },
      { type: 'cdf-token-request', requestId: 'a-1' },
      { type: 'cdf-token-request', requestId: 'a-2', refresh: true },
      { type: 'annotator:file-opened', fileId: 7 },
      { type: 'annotator:annotations-changed', fileId: 7, count: 0 },
    ];
    for (const message of messages) {
      expect(readAppMessage(message)).toEqual(message);
      expect(appToHostMessageSchema.parse(message)).toEqual(message);
    }
    expect(readAppMessage({ type: 'annotator:ready', protocol: 2 })).toBeNull();
    expect(readAppMessage({ type: 'cdf-token-request', requestId: '' })).toBeNull();
    expect(readAppMessage(null)).toBeNull();
  });
});
