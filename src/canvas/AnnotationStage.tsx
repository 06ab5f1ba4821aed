/**
 * The annotation canvas: a Konva stage that fills its region, shows one image fitted and centred, zooms with the
 * wheel about the cursor, pans with Space+drag or middle-drag, and turns clicks, drags and keys into intents in
 * normalized image space. It knows nothing about CDF or the store: data in through props, intents out through
 * callbacks.
 *
 * Overlays (`renderOverlay`) are drawn inside the same scaled group as the image, so they use image pixels directly;
 * they get the current scale to keep markers and strokes a constant screen size (`strokeScaleEnabled={false}`,
 * radii divided by `scale`).
 *
 * A point that lands on an existing prompt marker (`markers`, within its drawn size on screen) is reported as
 * `onPointOnMarker(i)` instead of a new point: the canvas knows the view, so it measures the hit itself.
 *
 * Each job has its own module in stage/: the view (fit, zoom, pan), pointer gestures, the keyboard cursor, wheel zoom,
 * Space-to-pan, pixel-ratio sync, marker hits, and the guides drawn above the overlays. This file composes and renders.
 *
 * For tests and tooling the region exposes the view transform as data attributes (always, also in production; they
 * carry no secret): `data-view-scale` (stage px per image px), `data-view-offset-x` / `-y` (stage px of the image's
 * top-left corner, relative to the region's top-left), `data-image-width` / `-height` (image px).
 */
import { useMemo, useRef, type ReactNode } from 'react';
import type { Stage as KonvaStage } from 'konva/lib/Stage';
import type { ImageSize, NormalizedBox, NormalizedPoint } from './coords';
import { Group, Image as KonvaImage, Layer, Stage } from './konva';
import { markerHitAt } from './stage/markerHit';
import { BoxPreview, KeyboardCrosshair } from './stage/StageGuides';
import { useKeyboardCursor } from './stage/useKeyboardCursor';
import { usePixelRatioSync } from './stage/usePixelRatioSync';
import { usePointerGestures } from './stage/usePointerGestures';
import { useSpaceHeld } from './stage/useSpaceHeld';
import { useStageView } from './stage/useStageView';
import { useWheelZoom } from './stage/useWheelZoom';
import { useElementSize } from './useElementSize';

export type StageImage = HTMLImageElement | ImageBitmap | HTMLCanvasElement;

/** What an overlay needs to draw in image space at a constant screen size. */
export interface OverlayRenderContext {
  /** Stage (CSS) px per image px. Divide radii, dash lengths and font sizes by it. */
  readonly scale: number;
  readonly imageSize: ImageSize;
}

export interface AnnotationStageProps {
  image: StageImage;
  /** Identifies the image (e.g. the file id); a new key resets the view to fit, the cursor and any box in progress. */
  imageKey: string;
  /** A click (label 1), Shift/right-click (label 0), or P/N key at the keyboard cursor. Never outside the image. */
  onPlacePoint: (point: NormalizedPoint, label: 0 | 1) => void;
  /** Positions of the point markers drawn by the overlay, in their order; a point intent on one is a marker hit. */
  markers?: readonly NormalizedPoint[];
  /** A click or P/N key on marker `index` (of `markers`), instead of `onPlacePoint`. */
  onPointOnMarker?: (index: number) => void;
  /** A drag (or B … B with the keyboard), clamped into [0,1] and of non-zero size. */
  onDrawBox: (box: NormalizedBox) => void;
  /** Konva nodes (from `canvas/konva`) drawn in image px above the image; not Layers. */
  renderOverlay?: (context: OverlayRenderContext) => ReactNode;
  /** Called once per `imageKey`, when the image layer first draws that image (for the `image-shown` timing mark). */
  onImageDrawn?: (imageKey: string) => void;
}

/** Above this scale pixels are shown as crisp squares rather than blurred. */
const SMOOTHING_MAX_SCALE = 4;
const NO_MARKERS: readonly NormalizedPoint[] = [];

export const imageSizeOf = (image: StageImage): ImageSize =>
  image instanceof HTMLImageElement
    ? { widthPx: image.naturalWidth, heightPx: image.naturalHeight }
    : { widthPx: image.width, heightPx: image.height };

export function AnnotationStage(props: AnnotationStageProps) {
  // The frame is measured (not the region) because the region remounts for each image, the frame does not.
  const frameRef = useRef<HTMLDivElement>(null);
  const stageSize = useElementSize(frameRef);
  return (
    <div ref={frameRef} className="annotation-stage">
      <StageView key={props.imageKey} {...props} stageSize={stageSize} />
    </div>
  );
}

interface StageViewProps extends AnnotationStageProps {
  stageSize: { widthPx: number; heightPx: number } | null;
}

function StageView(props: StageViewProps) {
  const { image, imageKey, onPlacePoint, onPointOnMarker, onDrawBox, renderOverlay, onImageDrawn, stageSize } = props;
  const markers = props.markers ?? NO_MARKERS;
  const regionRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<KonvaStage>(null);
  const pointerOverRef = useRef(false);
  // One object per image, so memoized overlays (SegmentOverlay) are not re-rendered by every zoom step.
  const imageSize = useMemo(() => imageSizeOf(image), [image]);
  const size = stageSize ?? { widthPx: 0, heightPx: 0 };
  const { view, fit, zoomAbout, pan } = useStageView(imageSize, size);
  const spaceHeld = useSpaceHeld(regionRef, pointerOverRef);
  useWheelZoom(regionRef, zoomAbout);
  usePixelRatioSync(stageRef);

  // Click and key alike: on a marker it is that marker's intent, elsewhere a new point.
  const onPoint = (at: NormalizedPoint, label: 0 | 1) => {
    const hit = onPointOnMarker ? markerHitAt(markers, at, view, imageSize) : null;
    if (hit !== null && onPointOnMarker) onPointOnMarker(hit);
    else onPlacePoint(at, label);
  };
  const pointer = usePointerGestures({ view, imageSize, spaceHeld, onPoint, onDrawBox, pan, onPress: () => keyboard.setVisible(false) });
  const keyboard = useKeyboardCursor({
    view,
    imageSize,
    stageSize: size,
    onPoint,
    onDrawBox,
    fit,
    zoomAbout,
    pan,
    pointerBoxing: pointer.isBoxing,
    cancelPointerGesture: pointer.cancel,
  });

  // StageView is keyed by imageKey, so this is "first draw of this image".
  const imageDrawnRef = useRef(false);
  const onImageLayerDraw = () => {
    if (imageDrawnRef.current) return;
    imageDrawnRef.current = true;
    onImageDrawn?.(imageKey);
  };

  const cursorStyle = pointer.panning ? 'grabbing' : spaceHeld ? 'grab' : 'crosshair';
  const groupTransform = { x: view.offsetXPx, y: view.offsetYPx, scaleX: view.scale, scaleY: view.scale };
  const preview = pointer.boxPreview ?? keyboard.boxPreview;

  return (
    <>
      <div className="view-controls">
        <button type="button" onClick={fit} title="Fit the image to the canvas (F or 0)">
          Fit
        </button>
        <span className="zoom-readout">
          <span className="visually-hidden">Zoom </span>
          {Math.round(view.scale * 100)}%
        </span>
      </div>
      <div
        ref={regionRef}
        className="stage-region"
        role="application"
        aria-label="Image annotation canvas"
        aria-roledescription="annotation canvas"
        aria-describedby="canvas-keyboard-help"
        tabIndex={0}
        style={{ cursor: cursorStyle }}
        data-view-scale={view.scale}
        data-view-offset-x={view.offsetXPx}
        data-view-offset-y={view.offsetYPx}
        data-image-width={imageSize.widthPx}
        data-image-height={imageSize.heightPx}
        {...pointer.handlers}
        onPointerEnter={() => (pointerOverRef.current = true)}
        onPointerLeave={() => (pointerOverRef.current = false)}
        onKeyDown={keyboard.onKeyDown}
        onFocus={(event) => keyboard.setVisible(event.currentTarget.matches(':focus-visible'))}
        onBlur={() => keyboard.setVisible(false)}
      >
        {stageSize !== null && stageSize.widthPx > 0 && stageSize.heightPx > 0 && (
          <Stage ref={stageRef} width={stageSize.widthPx} height={stageSize.heightPx} listening={false}>
            <Layer listening={false} imageSmoothingEnabled={view.scale < SMOOTHING_MAX_SCALE} onDraw={onImageLayerDraw}>
              <Group {...groupTransform}>
                <KonvaImage image={image} width={imageSize.widthPx} height={imageSize.heightPx} perfectDrawEnabled={false} />
              </Group>
            </Layer>
            <Layer listening={false}>
              <Group {...groupTransform}>
                {renderOverlay?.({ scale: view.scale, imageSize })}
                {preview !== null && <BoxPreview from={preview.from} to={preview.to} imageSize={imageSize} />}
                {keyboard.visible && <KeyboardCrosshair at={keyboard.cursor} imageSize={imageSize} scale={view.scale} />}
              </Group>
            </Layer>
          </Stage>
        )}
      </div>
      <p id="canvas-keyboard-help" className="visually-hidden">
        Click for a positive point, Shift+click or right-click for a negative point, drag for a box. Keyboard: arrow keys
        move the cursor (Shift for larger steps), P or + places a positive point, N or - a negative point, B starts and
        finishes a box, F or 0 fits the image, Page Up and Page Down zoom. Hold Space and drag to pan. D and A open the
        next and previous image.
      </p>
    </>
  );
}
