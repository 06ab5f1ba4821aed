/**
 * The image's saved annotations, drawn apart from the candidate overlay: amber outlines with a faint fill (candidates
 * are blue), the selected one thicker and white-haloed, pending ones dashed, each with its label in a dark tag at
 * its top-left vertex. Pure props: no store, no api.
 *
 * Built for 500 annotations × 200 vertices: the polygons are flattened once per list (not per frame), every
 * unselected annotation goes into ONE path (one fill, one stroke) and the labels are drawn in the same sceneFunc, so
 * a pan or zoom frame costs a handful of canvas calls rather than hundreds of Konva nodes. Nothing listens to events
 * (selection from the canvas goes through `annotationAt`, a hit test in image coordinates).
 */
import { memo, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { Group as KonvaGroup } from 'konva/lib/Group';
import type { Context } from 'konva/lib/Context';
import type { Shape as KonvaShape } from 'konva/lib/Shape';
import { Shape } from 'react-konva/lib/ReactKonvaCore';
import { normalizedRingToFlatImagePx, type ImageSize } from '../coords';
import { Group } from '../konva';
import { traceRing } from './traceRing';

export interface SavedAnnotationShape {
  readonly key: string;
  readonly label: string;
  /** Normalized vertices of its polygon. */
  readonly vertices: ReadonlyArray<{ readonly x: number; readonly y: number }>;
  readonly pending: boolean;
}

export interface SavedAnnotationsLayerProps {
  readonly annotations: readonly SavedAnnotationShape[];
  readonly selectedKey: string | null;
  readonly imageSize: ImageSize;
  readonly hidden: boolean;
  /** Called in the commit after the annotations were drawn (not while hidden). */
  readonly onDrawn?: ((count: number) => void) | undefined;
}

const OUTLINE_COLOR = '#f59e0b';
const FILL = 'rgba(245, 158, 11, 0.12)';
const HALO_COLOR = 'rgba(0, 0, 0, 0.75)';
const SELECTED_OUTLINE_COLOR = '#fde68a';
const SELECTED_FILL = 'rgba(245, 158, 11, 0.3)';
const OUTLINE_PX = 1.5;
const SELECTED_OUTLINE_PX = 3;
const HALO_PX = 3.5;
const PENDING_DASH = [5, 4];
const LABEL_FONT_PX = 12;
const LABEL_PAD_PX = 3;
/** Shortest outline segment drawn, in screen pixels (same level of detail as SegmentOverlay). */
const MIN_SEGMENT_PX = 1;
/** While the view moves: coarser outlines, no halo, no labels; the full drawing follows once it rests. */
const MOVING_MIN_SEGMENT_PX = 4;
/** The view counts as moving until it has not changed for this long. */
const REST_AFTER_MS = 150;

/**
 * Whether the view is moving (pan, zoom), judged from the transform each draw sees: a pan or zoom frame of 500
 * annotations × 200 vertices with halos and labels costs well over a frame on a modest machine, so motion frames draw
 * a lighter version and a redraw at rest restores the full one.
 */
interface MotionState {
  transformKey: string;
  changedAtMs: number;
  restTimer: ReturnType<typeof setTimeout> | null;
}

function isMoving(motion: MotionState, shape: KonvaShape): boolean {
  const key = shape.getAbsoluteTransform().getMatrix().join(',');
  const nowMs = performance.now();
  if (key !== motion.transformKey) {
    const first = motion.transformKey === '';
    motion.transformKey = key;
    if (first) return false;
    motion.changedAtMs = nowMs;
    if (motion.restTimer !== null) clearTimeout(motion.restTimer);
    motion.restTimer = setTimeout(() => {
      motion.restTimer = null;
      // At rest by definition: a timer that fires a little early must not leave the light drawing on screen.
      motion.changedAtMs = Number.NEGATIVE_INFINITY;
      shape.getLayer()?.batchDraw();
    }, REST_AFTER_MS);
  }
  return nowMs - motion.changedAtMs < REST_AFTER_MS;
}

interface FlatAnnotation {
  readonly key: string;
  readonly label: string;
  readonly ring: number[];
  readonly pending: boolean;
  /** Bounding box in image px [minX, minY, maxX, maxY], to skip rings off screen when zoomed in. */
  readonly bounds: readonly [number, number, number, number];
}

/** The part of the image on screen, in image px (the stage has no rotation: scale and offset only). */
interface ImageViewport {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function boundsOf(ring: readonly number[]): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i + 1 < ring.length; i += 2) {
    const x = ring[i] ?? 0;
    const y = ring[i + 1] ?? 0;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

const onScreen = (bounds: FlatAnnotation['bounds'], view: ImageViewport): boolean =>
  bounds[2] >= view.minX && bounds[0] <= view.maxX && bounds[3] >= view.minY && bounds[1] <= view.maxY;

function tracePaths(context: Context, rings: readonly FlatAnnotation[], minStepSquared: number): void {
  context.beginPath();
  for (const { ring } of rings) traceRing(context, ring, minStepSquared);
}

/** Fill in image space, then halo + outline (and labels) in screen pixels, so widths and text keep their size at any zoom. */
function drawGroup(context: Context, shape: KonvaShape, rings: readonly FlatAnnotation[], selected: boolean, motion: MotionState): void {
  if (rings.length === 0) return;
  const moving = isMoving(motion, shape);
  const scale = Math.max(Number.EPSILON, shape.getAbsoluteScale().x);
  const minStepImagePx = (moving ? MOVING_MIN_SEGMENT_PX : MIN_SEGMENT_PX) / scale;
  const transform = shape.getAbsoluteTransform().getMatrix();
  const pixelRatio = context.getCanvas().getPixelRatio();
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = transform;
  // The label tag sits above its ring; a margin keeps a ring just above the top edge drawing its tag.
  const marginPx = LABEL_FONT_PX + 2 * LABEL_PAD_PX;
  const canvasWidthPx = context.getCanvas().width / pixelRatio;
  const canvasHeightPx = context.getCanvas().height / pixelRatio;
  const view: ImageViewport = { minX: (-marginPx - e) / a, minY: (-marginPx - f) / d, maxX: (canvasWidthPx + marginPx - e) / a, maxY: (canvasHeightPx + marginPx - f) / d };
  const visible = rings.filter((ring) => onScreen(ring.bounds, view));
  const dashed = visible.filter((ring) => ring.pending);
  const solid = visible.filter((ring) => !ring.pending);
  for (const [part, dash] of [
    [solid, null],
    [dashed, PENDING_DASH],
  ] as const) {
    if (part.length === 0) continue;
    tracePaths(context, part, minStepImagePx * minStepImagePx);
    context.setAttr('fillStyle', selected ? SELECTED_FILL : FILL);
    context.fill();
    context.save();
    context.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);
    context.setAttr('lineJoin', 'round');
    context.setLineDash([]);
    if (!moving) {
      context.setAttr('strokeStyle', HALO_COLOR);
      context.setAttr('lineWidth', (selected ? SELECTED_OUTLINE_PX : OUTLINE_PX) + HALO_PX);
      context.stroke();
    }
    context.setLineDash(dash === null ? [] : [...dash]);
    context.setAttr('strokeStyle', selected ? SELECTED_OUTLINE_COLOR : OUTLINE_COLOR);
    context.setAttr('lineWidth', selected ? SELECTED_OUTLINE_PX : OUTLINE_PX);
    context.stroke();
    context.restore();
  }
  if (moving) return;
  // Labels: above each ring's topmost vertex, in screen space.
  context.save();
  context.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);
  context.setAttr('font', `${selected ? 'bold ' : ''}${LABEL_FONT_PX}px system-ui, sans-serif`);
  context.setAttr('textBaseline', 'top');
  for (const { ring, label, bounds } of visible) {
    if (ring.length < 2 || label === '') continue;
    const widthPx = labelWidthPx(context, label, selected) + 2 * LABEL_PAD_PX;
    // A tag wider than its object would pile onto its neighbours' (hundreds of small objects read as a wall of
    // text): it shows once zooming makes the object as wide as the tag. The selected annotation's tag always shows.
    if (!selected && (bounds[2] - bounds[0]) * a < widthPx) continue;
    const { x: topX, y: topY } = topLeftOf(ring);
    const x = a * topX + c * topY + e;
    const y = b * topX + d * topY + f - LABEL_FONT_PX - 2 * LABEL_PAD_PX;
    context.setAttr('fillStyle', selected ? 'rgba(120, 53, 15, 0.95)' : 'rgba(0, 0, 0, 0.7)');
    context.fillRect(x, y, widthPx, LABEL_FONT_PX + 2 * LABEL_PAD_PX);
    context.setAttr('fillStyle', selected ? SELECTED_OUTLINE_COLOR : OUTLINE_COLOR);
    context.fillText(label, x + LABEL_PAD_PX, y + LABEL_PAD_PX);
  }
  context.restore();
}

/** measureText is not free at 500 labels a frame; widths per font and label are kept (bounded by the labels in use). */
const labelWidths = new Map<string, number>();
function labelWidthPx(context: Context, label: string, bold: boolean): number {
  const key = `${bold ? 'b' : 'n'}${label}`;
  let width = labelWidths.get(key);
  if (width === undefined) {
    width = context.measureText(label).width;
    if (labelWidths.size > 5000) labelWidths.clear();
    labelWidths.set(key, width);
  }
  return width;
}

/** The vertex with the smallest y (then x): the label sits above the shape, not inside a neighbour. */
function topLeftOf(ring: readonly number[]): { x: number; y: number } {
  let bestX = ring[0] ?? 0;
  let bestY = ring[1] ?? 0;
  for (let i = 2; i < ring.length; i += 2) {
    const x = ring[i] ?? 0;
    const y = ring[i + 1] ?? 0;
    if (y < bestY || (y === bestY && x < bestX)) {
      bestX = x;
      bestY = y;
    }
  }
  return { x: bestX, y: bestY };
}

export const SavedAnnotationsLayer = memo(function SavedAnnotationsLayer({ annotations, selectedKey, imageSize, hidden, onDrawn }: SavedAnnotationsLayerProps) {
  const { widthPx, heightPx } = imageSize;
  const flat = useMemo(
    () =>
      annotations.map((annotation): FlatAnnotation => {
        const ring = normalizedRingToFlatImagePx(annotation.vertices, { widthPx, heightPx });
        return { key: annotation.key, label: annotation.label, pending: annotation.pending, ring, bounds: boundsOf(ring) };
      }),
    [annotations, widthPx, heightPx],
  );
  const unselected = useMemo(() => flat.filter((annotation) => annotation.key !== selectedKey), [flat, selectedKey]);
  const selected = useMemo(() => flat.filter((annotation) => annotation.key === selectedKey), [flat, selectedKey]);
  const groupRef = useRef<KonvaGroup>(null);
  const motion = useRef<MotionState>({ transformKey: '', changedAtMs: 0, restTimer: null });
  useEffect(() => {
    const state = motion.current;
    return () => {
      if (state.restTimer !== null) clearTimeout(state.restTimer);
    };
  }, []);

  // Draw in the commit (not at the next frame), so `onDrawn` reports annotations really on the canvas.
  useLayoutEffect(() => {
    if (hidden || onDrawn === undefined) return;
    // New annotations (another image, say) start at rest: their first drawing is the full one, not a motion frame
    // judged against the previous image's transform.
    motion.current.transformKey = '';
    groupRef.current?.getLayer()?.draw();
    onDrawn(flat.length);
  }, [hidden, flat, onDrawn]);

  if (hidden) return null;
  return (
    <Group ref={groupRef} listening={false}>
      <Shape listening={false} perfectDrawEnabled={false} sceneFunc={(context, shape) => drawGroup(context, shape, unselected, false, motion.current)} />
      <Shape listening={false} perfectDrawEnabled={false} sceneFunc={(context, shape) => drawGroup(context, shape, selected, true, motion.current)} />
    </Group>
  );
});

/**
 * The annotation under a normalized point (the topmost = last drawn, smallest first when nested), or null: how a
 * click on the canvas selects a saved annotation without Konva's hit graph.
 */
export function annotationAt(annotations: readonly SavedAnnotationShape[], point: { x: number; y: number }): string | null {
  let best: { key: string; area: number } | null = null;
  for (const annotation of annotations) {
    if (!pointInRing(annotation.vertices, point)) continue;
    const area = Math.abs(ringArea(annotation.vertices));
    if (best === null || area <= best.area) best = { key: annotation.key, area };
  }
  return best?.key ?? null;
}

function pointInRing(vertices: ReadonlyArray<{ x: number; y: number }>, point: { x: number; y: number }): boolean {
  let inside = false;
  for (let i = 0, j = vertices.length - 1; i < vertices.length; j = i++) {
    const vi = vertices[i];
    const vj = vertices[j];
    if (vi === undefined || vj === undefined) continue;
    if (vi.y > point.y !== vj.y > point.y && point.x < ((vj.x - vi.x) * (point.y - vi.y)) / (vj.y - vi.y) + vi.x) inside = !inside;
  }
  return inside;
}

function ringArea(vertices: ReadonlyArray<{ x: number; y: number }>): number {
  let sum = 0;
  for (let i = 0, j = vertices.length - 1; i < vertices.length; j = i++) {
    const vi = vertices[i];
    const vj = vertices[j];
    if (vi === undefined || vj === undefined) continue;
    sum += (vj.x + vi.x) * (vj.y - vi.y);
  }
  return sum / 2;
}
