/**
 * The segmentation result: the selected candidate's polygons (every part) with a translucent fill and a crisp outline,
 * drawn inside the stage's scaled image-space group. Pure props: no store, no api.
 *
 * Built for large results (ARCHITECTURE.md "Konva at scale"): nothing listens to events, no perfect-draw pass,
 * polygons are flattened once per result (not per frame), all parts go into one path per pass, vertices closer than a
 * screen pixel are skipped, and strokes are drawn in screen pixels so their width does not change with zoom.
 */
import { memo, useLayoutEffect, useMemo, useRef } from 'react';
import type { Group as KonvaGroup } from 'konva/lib/Group';
import { Shape } from 'react-konva/lib/ReactKonvaCore';
import { normalizedRingToFlatImagePx, type ImageSize } from '../coords';
import { Group } from '../konva';
import { traceRing } from './traceRing';

/** A vertex as the API gives it: normalized [0,1] of image width and height (the contract bounds it). */
export interface OverlayVertex {
  readonly x: number;
  readonly y: number;
}

export interface OverlayCandidate {
  /** Each part is one closed ring (the first vertex is not repeated); CDF polygons have no holes. */
  readonly polygons: ReadonlyArray<{ readonly vertices: readonly OverlayVertex[] }>;
}

export interface SegmentOverlayProps {
  readonly candidates: readonly OverlayCandidate[];
  readonly selectedIndex: number;
  /** A candidate to outline as well (a hovered row in the list); null for none. */
  readonly highlightedIndex: number | null;
  readonly imageSize: ImageSize;
  /** Fill opacity 0..1. */
  readonly fillOpacity: number;
  /** The result answers older prompts than those on screen: drawn faint and dashed. */
  readonly stale: boolean;
  readonly hidden: boolean;
  /** Called in the animation frame after the current polygons were drawn (not called while hidden or empty). */
  readonly onDrawn?: (() => void) | undefined;
}

const FILL_RGB = '30, 144, 255';
const OUTLINE_COLOR = '#38bdf8';
const HALO_COLOR = 'black';
const OUTLINE_PX = 2;
const HALO_PX = 4;
const HIGHLIGHT_COLOR = '#facc15';
const STALE_OPACITY = 0.4;
const STALE_DASH = [6, 4];
const HIGHLIGHT_DASH = [4, 3];
/** Shortest outline segment drawn, in screen pixels (see the level-of-detail note in PolygonsShape). */
const MIN_SEGMENT_PX = 1;

interface PolygonsShapeProps {
  readonly rings: readonly number[][];
  readonly fill: string | null;
  readonly haloColor: string | null;
  readonly haloPx: number;
  readonly outlineColor: string;
  readonly outlinePx: number;
  readonly dash: readonly number[] | null;
}

/**
 * Every ring of a candidate as one path, built once per draw and then filled, stroked wide and dark (the halo that
 * keeps the outline visible on light images) and stroked thin and bright — instead of one Konva Line per ring and
 * pass, which would build each 1000-vertex path twice. Strokes are in screen pixels (transform reset to the pixel
 * ratio, as Konva's own `strokeScaleEnabled={false}` does), so their width does not change with zoom.
 */
function PolygonsShape({ rings, fill, haloColor, haloPx, outlineColor, outlinePx, dash }: PolygonsShapeProps) {
  return (
    <Shape
      listening={false}
      perfectDrawEnabled={false}
      sceneFunc={(context, shape) => {
        // Level of detail: a vertex closer than MIN_SEGMENT_PX on screen to the last one drawn adds nothing visible
        // but still costs path and raster time, so it is skipped. Zoomed in, every vertex is drawn.
        const minStepImagePx = MIN_SEGMENT_PX / Math.max(Number.EPSILON, shape.getAbsoluteScale().x);
        const minStepSquared = minStepImagePx * minStepImagePx;
        context.beginPath();
        for (const ring of rings) traceRing(context, ring, minStepSquared);
        if (fill !== null) {
          context.setAttr('fillStyle', fill);
          context.fill();
        }
        const pixelRatio = context.getCanvas().getPixelRatio();
        context.save();
        context.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);
        context.setAttr('lineJoin', 'round');
        if (haloColor !== null) {
          context.setAttr('strokeStyle', haloColor);
          context.setAttr('lineWidth', haloPx);
          context.stroke();
        }
        context.setLineDash(dash ? [...dash] : []);
        context.setAttr('strokeStyle', outlineColor);
        context.setAttr('lineWidth', outlinePx);
        context.stroke();
        context.restore();
      }}
    />
  );
}

/** Each polygon as a flat [x0, y0, x1, y1, …] array in image pixels (converted by canvas/coords.ts). */
export function flattenPolygons(candidate: OverlayCandidate | undefined, imageSize: ImageSize): number[][] {
  if (!candidate) return [];
  return candidate.polygons.map((polygon) => normalizedRingToFlatImagePx(polygon.vertices, imageSize));
}

/**
 * Memoized: the stage re-renders its overlays on every zoom or pan step, and a result's props do not change then, so
 * React skips this subtree and Konva only redraws the existing path at the new transform.
 */
export const SegmentOverlay = memo(function SegmentOverlay(props: SegmentOverlayProps) {
  const { candidates, selectedIndex, highlightedIndex, imageSize, fillOpacity, stale, hidden, onDrawn } = props;
  // Keyed on the numbers, not the object: a new but equal size must not re-flatten a large result.
  const { widthPx, heightPx } = imageSize;
  const selected = useMemo(
    () => flattenPolygons(candidates[selectedIndex], { widthPx, heightPx }),
    [candidates, selectedIndex, widthPx, heightPx],
  );
  const highlighted = useMemo(
    () =>
      highlightedIndex === null || highlightedIndex === selectedIndex
        ? []
        : flattenPolygons(candidates[highlightedIndex], { widthPx, heightPx }),
    [candidates, highlightedIndex, selectedIndex, widthPx, heightPx],
  );
  const visible = !hidden && selected.length > 0;
  const groupRef = useRef<KonvaGroup>(null);

  // react-konva only schedules a draw for the next animation frame. When a new result arrives we draw its layer right
  // away, in the commit, so it costs no wait for a frame boundary, and `onDrawn` then reports polygons that are
  // really in the canvas.
  useLayoutEffect(() => {
    if (!visible || !onDrawn) return;
    groupRef.current?.getLayer()?.draw();
    onDrawn();
  }, [visible, selected, onDrawn]);

  if (hidden) return null;
  const fill = `rgba(${FILL_RGB}, ${fillOpacity})`;
  return (
    <Group ref={groupRef} listening={false} opacity={stale ? STALE_OPACITY : 1}>
      <PolygonsShape rings={selected} fill={fill} haloColor={HALO_COLOR} haloPx={HALO_PX} outlineColor={OUTLINE_COLOR} outlinePx={OUTLINE_PX} dash={stale ? STALE_DASH : null} />
      {highlighted.length > 0 && (
        <PolygonsShape rings={highlighted} fill={null} haloColor={null} haloPx={0} outlineColor={HIGHLIGHT_COLOR} outlinePx={OUTLINE_PX} dash={HIGHLIGHT_DASH} />
      )}
    </Group>
  );
});
