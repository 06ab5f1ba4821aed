import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnnotationStage } from './AnnotationStage';
import { normalizedPoint } from './coords';

/** jsdom has no ResizeObserver: this one reports a fixed 400×300 frame as soon as an element is observed. */
class FixedSizeResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    const entry = { target, contentRect: { width: 400, height: 300 } } as unknown as ResizeObserverEntry;
    queueMicrotask(() => this.callback([entry], this));
  }
  unobserve() {}
  disconnect() {}
}

function makeImage(widthPx: number, heightPx: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = widthPx;
  canvas.height = heightPx;
  return canvas;
}

async function renderStage(overrides: Partial<Parameters<typeof AnnotationStage>[0]> = {}) {
  const onPlacePoint = vi.fn<(point: { x: number; y: number }, label: 0 | 1) => void>();
  const onDrawBox = vi.fn<(box: { xMin: number; yMin: number; xMax: number; yMax: number }) => void>();
  const renderOverlay = vi.fn(() => null);
  // 200×100 image in a 400×300 frame with 8 px padding: scale 1.92, image at x 8..392, y 54..246.
  render(<AnnotationStage image={makeImage(200, 100)} imageKey="a" onPlacePoint={onPlacePoint} onDrawBox={onDrawBox} renderOverlay={renderOverlay} {...overrides} />);
  const region = screen.getByRole('application', { name: 'Image annotation canvas' });
  await act(async () => {
    await Promise.resolve();
  });
  return { region, onPlacePoint, onDrawBox, renderOverlay };
}

const pointer = (region: HTMLElement, type: 'pointerDown' | 'pointerMove' | 'pointerUp', x: number, y: number, extra: Record<string, unknown> = {}) =>
  fireEvent[type](region, { clientX: x, clientY: y, button: 0, pointerId: 1, ...extra });

describe('AnnotationStage', () => {
  beforeEach(() => {
    vi.stubGlobal('ResizeObserver', FixedSizeResizeObserver);
    vi.stubGlobal('matchMedia', (query: string) => ({ media: query, matches: true, addEventListener: () => undefined, removeEventListener: () => undefined }));
    // jsdom has no pointer capture; the stage only needs the call to exist.
    Object.defineProperty(Element.prototype, 'setPointerCapture', { value: () => undefined, configurable: true });
  });
  afterEach(() => {
    cleanup();
    Reflect.deleteProperty(Element.prototype, 'setPointerCapture');
    vi.unstubAllGlobals();
  });

  it('publishes the fitted view and gives overlays the scale and image size', async () => {
    const { region, renderOverlay } = await renderStage();
    expect(Number(region.dataset.viewScale)).toBeCloseTo(1.92);
    expect(Number(region.dataset.viewOffsetX)).toBeCloseTo(8);
    expect(Number(region.dataset.viewOffsetY)).toBeCloseTo(54);
    expect(region.dataset.imageWidth).toBe('200');
    expect(renderOverlay).toHaveBeenLastCalledWith({ scale: expect.closeTo(1.92, 5) as unknown, imageSize: { widthPx: 200, heightPx: 100 } });
    expect(screen.getByRole('button', { name: 'Fit' })).toBeTruthy();
  });

  it('reports a click as a positive point in normalized coordinates', async () => {
    const { region, onPlacePoint } = await renderStage();
    pointer(region, 'pointerDown', 200, 150);
    pointer(region, 'pointerUp', 200, 150);
    expect(onPlacePoint).toHaveBeenCalledTimes(1);
    const [point, label] = onPlacePoint.mock.calls[0] as [{ x: number; y: number }, number];
    expect(point.x).toBeCloseTo(0.5);
    expect(point.y).toBeCloseTo(0.5);
    expect(label).toBe(1);
  });

  it('reports a click or P on an existing marker as a marker hit, measured in screen pixels', async () => {
    const onPointOnMarker = vi.fn<(index: number) => void>();
    // Markers at the image centre (stage 200,150) and 10 image px (19.2 screen px) right of it.
    const markers = [normalizedPoint(0.5, 0.5), normalizedPoint(0.55, 0.5)];
    const { region, onPlacePoint } = await renderStage({ markers, onPointOnMarker });
    pointer(region, 'pointerDown', 203, 151);
    pointer(region, 'pointerUp', 203, 151);
    expect(onPointOnMarker).toHaveBeenLastCalledWith(0);
    pointer(region, 'pointerDown', 218, 150);
    pointer(region, 'pointerUp', 218, 150);
    expect(onPointOnMarker).toHaveBeenLastCalledWith(1);
    pointer(region, 'pointerDown', 210, 170);
    pointer(region, 'pointerUp', 210, 170);
    expect(onPlacePoint).toHaveBeenCalledTimes(1);
    region.focus();
    fireEvent.keyDown(region, { key: 'p' }); // the keyboard cursor starts at the centre, on marker 0
    expect(onPointOnMarker).toHaveBeenCalledTimes(3);
    expect(onPointOnMarker).toHaveBeenLastCalledWith(0);
    expect(onPlacePoint).toHaveBeenCalledTimes(1);
  });

  it('reports Shift+click and right-click as negative points, and ignores clicks beside the image', async () => {
    const { region, onPlacePoint } = await renderStage();
    pointer(region, 'pointerDown', 100, 100, { shiftKey: true });
    pointer(region, 'pointerUp', 100, 100);
    pointer(region, 'pointerDown', 100, 100, { button: 2 });
    pointer(region, 'pointerUp', 100, 100, { button: 2 });
    pointer(region, 'pointerDown', 200, 20);
    pointer(region, 'pointerUp', 200, 20);
    expect(onPlacePoint.mock.calls.map((call) => call[1])).toEqual([0, 0]);
  });

  it('reports a drag as a clamped normalized box', async () => {
    const { region, onDrawBox, onPlacePoint } = await renderStage();
    pointer(region, 'pointerDown', 8, 54);
    pointer(region, 'pointerMove', 100, 100);
    pointer(region, 'pointerMove', 500, 150);
    pointer(region, 'pointerUp', 500, 150);
    expect(onPlacePoint).not.toHaveBeenCalled();
    expect(onDrawBox).toHaveBeenCalledTimes(1);
    const [box] = onDrawBox.mock.calls[0] as [{ xMin: number; yMin: number; xMax: number; yMax: number }];
    expect(box.xMin).toBeCloseTo(0);
    expect(box.yMin).toBeCloseTo(0);
    expect(box.xMax).toBe(1);
    expect(box.yMax).toBeCloseTo(0.5);
  });

  it('places points and boxes from the keyboard through the same callbacks', async () => {
    const { region, onPlacePoint, onDrawBox } = await renderStage();
    fireEvent.keyDown(region, { key: 'p' });
    expect(onPlacePoint).toHaveBeenLastCalledWith({ x: 0.5, y: 0.5 }, 1);
    fireEvent.keyDown(region, { key: 'b' });
    fireEvent.keyDown(region, { key: 'ArrowRight', shiftKey: true });
    fireEvent.keyDown(region, { key: 'ArrowDown', shiftKey: true });
    fireEvent.keyDown(region, { key: 'B' });
    const [box] = onDrawBox.mock.calls[0] as [{ xMin: number; yMin: number; xMax: number; yMax: number }];
    // 50 screen px at scale 1.92 = 26.04 image px: 0.1302 of the width, 0.2604 of the height.
    expect(box.xMin).toBeCloseTo(0.5);
    expect(box.xMax).toBeCloseTo(0.5 + 50 / 1.92 / 200);
    expect(box.yMax).toBeCloseTo(0.5 + 50 / 1.92 / 100);
    fireEvent.keyDown(region, { key: 'n' });
    expect(onPlacePoint).toHaveBeenLastCalledWith({ x: expect.closeTo(0.5 + 50 / 1.92 / 200, 6) as unknown, y: expect.closeTo(0.5 + 50 / 1.92 / 100, 6) as unknown }, 0);
  });

  it('zooms with PageUp and fits again with F', async () => {
    const { region } = await renderStage();
    fireEvent.keyDown(region, { key: 'PageUp' });
    expect(Number(region.dataset.viewScale)).toBeCloseTo(1.92 * 1.25);
    fireEvent.keyDown(region, { key: 'f' });
    expect(Number(region.dataset.viewScale)).toBeCloseTo(1.92);
  });

  it('accumulates wheel zoom and pan moves that arrive before React renders again', async () => {
    const { region } = await renderStage();
    const wheel = () => new WheelEvent('wheel', { deltaY: -100, clientX: 200, clientY: 150, cancelable: true });
    act(() => {
      region.dispatchEvent(wheel());
      region.dispatchEvent(wheel());
    });
    expect(Number(region.dataset.viewScale)).toBeCloseTo(1.92 * Math.exp(2 * 100 * 0.0018));
    const offsetXBefore = Number(region.dataset.viewOffsetX);
    act(() => {
      pointer(region, 'pointerDown', 100, 100, { button: 1 });
      pointer(region, 'pointerMove', 110, 100);
      pointer(region, 'pointerMove', 130, 100);
      pointer(region, 'pointerUp', 130, 100, { button: 1 });
    });
    expect(Number(region.dataset.viewOffsetX) - offsetXBefore).toBeCloseTo(30);
  });

  it('lets Escape through unless it cancels a keyboard box', async () => {
    const { region } = await renderStage();
    const passed = fireEvent.keyDown(region, { key: 'Escape' });
    expect(passed).toBe(true);
    fireEvent.keyDown(region, { key: 'b' });
    const consumed = fireEvent.keyDown(region, { key: 'Escape' });
    expect(consumed).toBe(false);
  });
});
