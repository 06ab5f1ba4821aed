import { cleanup, render } from '@testing-library/react';
import { createRef } from 'react';
import type { Stage as KonvaStage } from 'konva/lib/Stage';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Layer, Stage } from '../konva';
import { SegmentOverlay, flattenPolygons, type SegmentOverlayProps } from './SegmentOverlay';

describe('flattenPolygons', () => {
  it('turns each normalized polygon into a flat array of image pixels', () => {
    const candidate = {
      polygons: [
        { vertices: [{ x: 0, y: 0 }, { x: 0.5, y: 0 }, { x: 0.5, y: 0.25 }] },
        { vertices: [{ x: 1, y: 1 }, { x: 0.9, y: 1 }, { x: 1, y: 0.9 }] },
      ],
    };
    expect(flattenPolygons(candidate, { widthPx: 200, heightPx: 100 })).toEqual([
      [0, 0, 100, 0, 100, 25],
      [200, 100, 180, 100, 200, 90],
    ]);
  });

  it('is empty for a missing candidate', () => {
    expect(flattenPolygons(undefined, { widthPx: 200, heightPx: 100 })).toEqual([]);
  });
});

describe('SegmentOverlay', () => {
  const candidates = [
    { polygons: [{ vertices: [{ x: 0.1, y: 0.1 }, { x: 0.5, y: 0.1 }, { x: 0.5, y: 0.5 }] }] },
    { polygons: [{ vertices: [{ x: 0.2, y: 0.2 }, { x: 0.6, y: 0.2 }, { x: 0.6, y: 0.6 }] }] },
  ];
  afterEach(() => cleanup());

  function renderOverlay(props: Partial<SegmentOverlayProps>) {
    const stage = createRef<KonvaStage>();
    render(
      <Stage ref={stage} width={200} height={100}>
        <Layer>
          <SegmentOverlay
            candidates={candidates}
            selectedIndex={0}
            highlightedIndex={null}
            imageSize={{ widthPx: 200, heightPx: 100 }}
            fillOpacity={0.5}
            stale={false}
            hidden={false}
            {...props}
          />
        </Layer>
      </Stage>,
    );
    if (!stage.current) throw new Error('no stage');
    return stage.current;
  }

  it('draws the selected candidate, reports the draw, and adds the highlighted one', () => {
    const onDrawn = vi.fn();
    const stage = renderOverlay({ onDrawn, highlightedIndex: 1 });
    expect(stage.find('Shape')).toHaveLength(2);
    expect(onDrawn).toHaveBeenCalledTimes(1);
    expect(stage.find('Group')[0]?.opacity()).toBe(1);
  });

  it('dims a stale result and draws nothing (and reports nothing) while hidden', () => {
    expect(renderOverlay({ stale: true }).find('Group')[0]?.opacity()).toBeLessThan(1);
    cleanup();
    const onDrawn = vi.fn();
    expect(renderOverlay({ hidden: true, onDrawn }).find('Shape')).toHaveLength(0);
    expect(onDrawn).not.toHaveBeenCalled();
  });
});
