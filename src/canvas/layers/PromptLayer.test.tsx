import { cleanup, render } from '@testing-library/react';
import { createRef } from 'react';
import type { Stage as KonvaStage } from 'konva/lib/Stage';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { normalizedBox, normalizedPoint } from '../coords';
import { Layer, Stage } from '../konva';
import { MARKER_RADIUS_PX, PromptLayer } from './PromptLayer';

afterEach(() => cleanup());

function renderLayer(viewScale: number, onDrawn?: () => void) {
  const stage = createRef<KonvaStage>();
  render(
    <Stage ref={stage} width={200} height={100}>
      <Layer>
        <PromptLayer
          points={[
            { ...normalizedPoint(0.25, 0.5), label: 1 },
            { ...normalizedPoint(0.75, 0.5), label: 0 },
          ]}
          box={normalizedBox(0.1, 0.1, 0.9, 0.9)}
          imageSize={{ widthPx: 400, heightPx: 200 }}
          viewScale={viewScale}
          onDrawn={onDrawn}
        />
      </Layer>
    </Stage>,
  );
  if (!stage.current) throw new Error('no stage');
  return stage.current;
}

describe('PromptLayer', () => {
  it('draws positive points as circles and negative points as squares, at image-pixel positions', () => {
    const stage = renderLayer(2);
    const circles = stage.find('Circle');
    expect(circles.length).toBeGreaterThan(0);
    const positive = circles[0]?.getParent();
    expect(positive?.position()).toEqual({ x: 100, y: 100 });
    // The negative marker is built from squares only; no circle sits at its place.
    const squares = stage.find('Rect').filter((rect) => rect.getParent()?.x() === 300);
    expect(squares.length).toBe(2);
    expect(circles.every((circle) => circle.getParent()?.x() === 100)).toBe(true);
  });

  it('keeps markers a constant screen size: each marker group is scaled by 1 / viewScale', () => {
    for (const viewScale of [0.5, 1, 4]) {
      const stage = renderLayer(viewScale);
      const marker = stage.find('Circle')[1];
      expect(marker?.getParent()?.scaleX()).toBeCloseTo(1 / viewScale);
      expect((marker?.getAttr('radius') as number) * (marker?.getParent()?.scaleX() ?? 0) * viewScale).toBeCloseTo(MARKER_RADIUS_PX);
      cleanup();
    }
  });

  it('draws the box with strokes in screen pixels and reports the draw', () => {
    const onDrawn = vi.fn();
    const stage = renderLayer(3, onDrawn);
    const box = stage.find('Rect').find((rect) => rect.width() === 320);
    expect(box?.position()).toEqual({ x: 40, y: 20 });
    expect(box?.getAttr('strokeScaleEnabled')).toBe(false);
    expect(onDrawn).toHaveBeenCalledTimes(1);
  });
});
