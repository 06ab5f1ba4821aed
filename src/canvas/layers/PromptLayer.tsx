/**
 * Prompt markers and the prompt box, drawn inside the stage's scaled image-space group. Pure props: no store, no api.
 *
 * Markers keep their screen size at any zoom (each marker group is scaled by 1/viewScale; strokes use
 * `strokeScaleEnabled={false}`). Positive and negative differ by shape and glyph, not only by colour: a circle with
 * "+" versus a square with "−". Every shape has a white inner and black outer edge, so it reads on light, dark and
 * grey images alike.
 */
import { useLayoutEffect, useRef } from 'react';
import type { Group as KonvaGroup } from 'konva/lib/Group';
import { normalizedBoxToImageRect, normalizedToImage, type ImageSize, type NormalizedBox, type NormalizedPoint } from '../coords';
import { Circle, Group, Line, Rect } from '../konva';

/** A point prompt: where (normalized) and which label (1 = positive, 0 = negative). */
export type PromptLayerPoint = NormalizedPoint & { readonly label: 0 | 1 };

export interface PromptLayerProps {
  readonly points: readonly PromptLayerPoint[];
  readonly box: NormalizedBox | null;
  readonly imageSize: ImageSize;
  /** Stage pixels per image pixel (the view's zoom). */
  readonly viewScale: number;
  /** Called in the animation frame after these props were drawn (for the click → marker timing). */
  readonly onDrawn?: (() => void) | undefined;
}

export const MARKER_RADIUS_PX = 8;
const HALO_PX = 1.5;
const POSITIVE_FILL = '#15803d';
const NEGATIVE_FILL = '#b91c1c';
const GLYPH_HALF_PX = 4.5;
const BOX_STROKE_PX = 2;

function PositiveMarker() {
  return (
    <>
      <Circle radius={MARKER_RADIUS_PX + HALO_PX} fill="black" perfectDrawEnabled={false} />
      <Circle radius={MARKER_RADIUS_PX} fill={POSITIVE_FILL} stroke="white" strokeWidth={2} perfectDrawEnabled={false} />
      <Line points={[-GLYPH_HALF_PX, 0, GLYPH_HALF_PX, 0]} stroke="white" strokeWidth={2.5} lineCap="round" perfectDrawEnabled={false} />
      <Line points={[0, -GLYPH_HALF_PX, 0, GLYPH_HALF_PX]} stroke="white" strokeWidth={2.5} lineCap="round" perfectDrawEnabled={false} />
    </>
  );
}

function NegativeMarker() {
  const side = MARKER_RADIUS_PX * 1.8;
  return (
    <>
      <Rect x={-side / 2 - HALO_PX} y={-side / 2 - HALO_PX} width={side + 2 * HALO_PX} height={side + 2 * HALO_PX} fill="black" perfectDrawEnabled={false} />
      <Rect x={-side / 2} y={-side / 2} width={side} height={side} fill={NEGATIVE_FILL} stroke="white" strokeWidth={2} perfectDrawEnabled={false} />
      <Line points={[-GLYPH_HALF_PX, 0, GLYPH_HALF_PX, 0]} stroke="white" strokeWidth={2.5} lineCap="round" perfectDrawEnabled={false} />
    </>
  );
}

export function PromptLayer({ points, box, imageSize, viewScale, onDrawn }: PromptLayerProps) {
  const markerScale = viewScale > 0 ? 1 / viewScale : 1;

  const groupRef = useRef<KonvaGroup>(null);
  // react-konva only schedules a draw for the next animation frame; a new marker is drawn right away, in the commit
  // of the click that placed it, so it is on screen in the very next frame and `onDrawn` reports a real draw.
  useLayoutEffect(() => {
    if (!onDrawn) return;
    groupRef.current?.getLayer()?.draw();
    onDrawn();
  }, [points, box, onDrawn]);

  // One geometry for both strokes: a black halo under a white dashed line, visible on any image.
  const boxRectPx = box && normalizedBoxToImageRect(box, imageSize);

  return (
    <Group ref={groupRef} listening={false}>
      {boxRectPx && (
        <>
          <Rect
            {...boxRectPx}
            stroke="black"
            strokeWidth={BOX_STROKE_PX + 2}
            strokeScaleEnabled={false}
            perfectDrawEnabled={false}
          />
          <Rect
            {...boxRectPx}
            stroke="white"
            strokeWidth={BOX_STROKE_PX}
            dash={[8, 5]}
            strokeScaleEnabled={false}
            perfectDrawEnabled={false}
          />
        </>
      )}
      {points.map((point) => (
        <Group
          key={`${point.x},${point.y}`}
          {...normalizedToImage(point, imageSize)}
          scaleX={markerScale}
          scaleY={markerScale}
        >
          {point.label === 1 ? <PositiveMarker /> : <NegativeMarker />}
        </Group>
      ))}
    </Group>
  );
}
