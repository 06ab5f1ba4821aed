import 'vitest-canvas-mock';

// jsdom lays nothing out, so it has no Element.scrollIntoView; browsers all do. A no-op stands in (tests spy on it).
if (typeof Element !== 'undefined' && !('scrollIntoView' in Element.prototype)) {
  Object.defineProperty(Element.prototype, 'scrollIntoView', { configurable: true, writable: true, value: () => undefined });
}
