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
 * For tests and tooling the region exposes the view transform as data attributes (always, also in production; they
 * carry no secret): `data-view-scale` (stage px per image px), `data-view-offset-x` / `-y` (stage px of the image's
 * top-left corner, relative to the region's top-left), `data-image-width` / `-height` (image px).
 */
import { useEffect, useEffectEvent, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import type { Stage as KonvaStage } from 'konva/lib/Stage';
import {
  fitView,
  imageToStage,
  isInsideImage,
  normalizedBoxFromCorners,
  normalizedPoint,
  normalizedToImage,
  panView,
  stagePoint,
  stageToNormalized,
  zoomAboutStagePoint,
  type ImageSize,
  type NormalizedBox,
  type NormalizedPoint,
  type StagePoint,
  type StageSize,
  type ViewTransform,
} from './coords';
import { IDLE, nextGesture, type GestureEvent, type GestureIntent, type GestureState } from './gestures';
import { canvasKeyAction, moveKeyboardCursor } from './keyboard';
import { Group, Image as KonvaImage, Layer, Line, Rect, Stage } from './konva';
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
  /** A drag (or B … B with the keyboard), clamped into [0,1] and of non-zero size. */
  onDrawBox: (box: NormalizedBox) => void;
  /** Konva nodes (from `canvas/konva`) drawn in image px above the image; not Layers. */
  renderOverlay?: (context: OverlayRenderContext) => ReactNode;
  /** Called once per `imageKey`, when the image layer first draws that image (for the `image-shown` timing mark). */
  onImageDrawn?: (imageKey: string) => void;
}

/** Zoom limits relative to the fitted scale, and an absolute ceiling to inspect single pixels. */
const MIN_ZOOM_OF_FIT = 0.25;
const MAX_SCALE_PX_PER_IMAGE_PX = 32;
const FIT_PADDING_PX = 8;
/** Wheel delta (px) → zoom factor: exp(-delta * this). About 1.2× per mouse-wheel notch of 100 px. */
const WHEEL_ZOOM_PER_PX = 0.0018;
const CROSSHAIR_HALF_LENGTH_PX = 14;
const CURSOR_KEEP_VISIBLE_MARGIN_PX = 24;
/** Above this scale pixels are shown as crisp squares rather than blurred. */
const SMOOTHING_MAX_SCALE = 4;

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

/** The user's zoom/pan, remembered with the stage size it was made at; null = fitted (refits on every resize). */
interface UserView {
  readonly view: ViewTransform;
  readonly atSize: StageSize;
}

/** The view on screen: fitted, or the user's, whose centre stays put when the stage was resized since it was made. */
function effectiveView(userView: UserView | null, fitted: ViewTransform, size: StageSize): ViewTransform {
  if (userView === null) return fitted;
  return panView(userView.view, (size.widthPx - userView.atSize.widthPx) / 2, (size.heightPx - userView.atSize.heightPx) / 2);
}

interface StageViewProps extends AnnotationStageProps {
  stageSize: StageSize | null;
}

function StageView({ image, imageKey, onPlacePoint, onDrawBox, renderOverlay, onImageDrawn, stageSize }: StageViewProps) {
  const regionRef = useRef<HTMLDivElement>(null);
  const imageSize = imageSizeOf(image);
  const [userView, setUserView] = useState<UserView | null>(null);
  const [boxPreview, setBoxPreview] = useState<{ from: NormalizedPoint; to: NormalizedPoint } | null>(null);
  const [keyboardCursor, setKeyboardCursor] = useState<NormalizedPoint>(() => normalizedPoint(0.5, 0.5));
  const [keyboardBoxStart, setKeyboardBoxStart] = useState<NormalizedPoint | null>(null);
  const [showKeyboardCursor, setShowKeyboardCursor] = useState(false);
  const [spaceHeld, setSpaceHeld] = useState(false);
  const [panning, setPanning] = useState(false);
  const gestureRef = useRef<GestureState>(IDLE);
  const pointerOverRef = useRef(false);
  const stageRef = useRef<KonvaStage>(null);
  // StageView is keyed by imageKey, so this is "first draw of this image".
  const imageDrawnRef = useRef(false);
  const onImageLayerDraw = () => {
    if (imageDrawnRef.current) return;
    imageDrawnRef.current = true;
    onImageDrawn?.(imageKey);
  };

  const size = stageSize ?? { widthPx: 0, heightPx: 0 };
  const fitted = fitView(imageSize, size, FIT_PADDING_PX);
  const view = effectiveView(userView, fitted, size);
  const minScale = fitted.scale * MIN_ZOOM_OF_FIT;
  const maxScale = Math.max(MAX_SCALE_PX_PER_IMAGE_PX, fitted.scale);

  // Functional updates: several wheel or pointer-move events can arrive before React renders again, and each must
  // build on the previous one rather than on the view of the last render.
  const updateView = (change: (current: ViewTransform) => ViewTransform) =>
    setUserView((previous) => ({ view: change(effectiveView(previous, fitted, size)), atSize: size }));
  const fit = () => setUserView(null);
  const zoomAbout = (anchor: StagePoint, factor: number) => updateView((current) => zoomAboutStagePoint(current, anchor, factor, minScale, maxScale));

  const toNormalized = (point: StagePoint) => stageToNormalized(point, view, imageSize);

  const handleIntent = (intent: GestureIntent) => {
    switch (intent.kind) {
      case 'point': {
        const at = toNormalized(intent.at);
        if (isInsideImage(at)) onPlacePoint(at, intent.label);
        return;
      }
      case 'box-preview':
        setBoxPreview({ from: toNormalized(intent.from), to: toNormalized(intent.to) });
        return;
      case 'box': {
        setBoxPreview(null);
        const box = normalizedBoxFromCorners(toNormalized(intent.from), toNormalized(intent.to));
        if (box !== null) onDrawBox(box);
        return;
      }
      case 'box-cancelled':
        setBoxPreview(null);
        return;
      case 'pan':
        updateView((current) => panView(current, intent.deltaXPx, intent.deltaYPx));
        return;
    }
  };

  const dispatchGesture = (event: GestureEvent) => {
    const step = nextGesture(gestureRef.current, event);
    gestureRef.current = step.state;
    setPanning(step.state.kind === 'panning');
    step.intents.forEach(handleIntent);
  };

  const pointerPosition = (event: PointerEvent<HTMLDivElement>): StagePoint => {
    const rect = event.currentTarget.getBoundingClientRect();
    return stagePoint(event.clientX - rect.left, event.clientY - rect.top);
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.currentTarget.focus({ preventScroll: true });
    setShowKeyboardCursor(false);
    // Keep receiving moves when the drag leaves the canvas.
    event.currentTarget.setPointerCapture(event.pointerId);
    dispatchGesture({ type: 'down', point: pointerPosition(event), button: event.button, shiftKey: event.shiftKey, spaceHeld });
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (gestureRef.current.kind !== 'idle') dispatchGesture({ type: 'move', point: pointerPosition(event) });
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => dispatchGesture({ type: 'up', point: pointerPosition(event) });
  const onPointerCancel = () => dispatchGesture({ type: 'cancel' });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const action = canvasKeyAction(event);
    if (action === null) return;
    if (action.kind === 'cancel-box') {
      // Escape is the app's too (abandon the pending job): consume it only when it cancels a box here.
      if (keyboardBoxStart === null && gestureRef.current.kind !== 'boxing') return;
      setKeyboardBoxStart(null);
      dispatchGesture({ type: 'cancel' });
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    event.preventDefault();
    setShowKeyboardCursor(true);
    const cursorOnStage = imageToStage(normalizedToImage(keyboardCursor, imageSize), view);
    switch (action.kind) {
      case 'move-cursor': {
        const moved = moveKeyboardCursor(keyboardCursor, action.deltaXPx, action.deltaYPx, view.scale, imageSize);
        setKeyboardCursor(moved);
        // Pan just enough to keep the cursor on screen.
        const movedOnStage = imageToStage(normalizedToImage(moved, imageSize), view);
        const margin = CURSOR_KEEP_VISIBLE_MARGIN_PX;
        const shiftXPx = Math.max(0, margin - movedOnStage.x) - Math.max(0, movedOnStage.x - (size.widthPx - margin));
        const shiftYPx = Math.max(0, margin - movedOnStage.y) - Math.max(0, movedOnStage.y - (size.heightPx - margin));
        if (shiftXPx !== 0 || shiftYPx !== 0) updateView((current) => panView(current, shiftXPx, shiftYPx));
        return;
      }
      case 'place-point':
        onPlacePoint(keyboardCursor, action.label);
        return;
      case 'box-corner': {
        if (keyboardBoxStart === null) {
          setKeyboardBoxStart(keyboardCursor);
          return;
        }
        setKeyboardBoxStart(null);
        const box = normalizedBoxFromCorners(keyboardBoxStart, keyboardCursor);
        if (box !== null) onDrawBox(box);
        return;
      }
      case 'fit':
        fit();
        return;
      case 'zoom':
        zoomAbout(cursorOnStage, action.factor);
        return;
    }
  };

  // Wheel zoom needs a non-passive listener to stop the page from scrolling.
  const onWheel = useEffectEvent((event: WheelEvent) => {
    event.preventDefault();
    const region = regionRef.current;
    if (region === null) return;
    const rect = region.getBoundingClientRect();
    const linePx = 16;
    const deltaPx = event.deltaMode === 1 ? event.deltaY * linePx : event.deltaMode === 2 ? event.deltaY * rect.height : event.deltaY;
    zoomAbout(stagePoint(event.clientX - rect.left, event.clientY - rect.top), Math.exp(-deltaPx * WHEEL_ZOOM_PER_PX));
  });
  useEffect(() => {
    const region = regionRef.current;
    if (region === null) return;
    const listener = (event: WheelEvent) => onWheel(event);
    region.addEventListener('wheel', listener, { passive: false });
    return () => region.removeEventListener('wheel', listener);
  }, []);

  // Space held = pan mode, while the pointer is over the canvas or the canvas has focus.
  const onSpace = useEffectEvent((event: globalThis.KeyboardEvent, down: boolean) => {
    if (event.key !== ' ') return;
    const region = regionRef.current;
    const target = event.target instanceof HTMLElement ? event.target : null;
    const typing = target !== null && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
    if (down && (typing || !(pointerOverRef.current || document.activeElement === region))) return;
    if (down) {
      event.preventDefault();
      // Take focus from a focused button (e.g. Fit), which would otherwise be clicked when Space is released.
      if (region !== null && document.activeElement !== region) region.focus({ preventScroll: true });
    }
    setSpaceHeld(down);
  });
  useEffect(() => {
    const onKeyDownWindow = (event: globalThis.KeyboardEvent) => onSpace(event, true);
    const onKeyUpWindow = (event: globalThis.KeyboardEvent) => onSpace(event, false);
    const onBlur = () => setSpaceHeld(false);
    window.addEventListener('keydown', onKeyDownWindow);
    window.addEventListener('keyup', onKeyUpWindow);
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('keydown', onKeyDownWindow);
      window.removeEventListener('keyup', onKeyUpWindow);
      window.removeEventListener('blur', onBlur);
    };
  }, []);

  // Stay sharp when devicePixelRatio changes (browser zoom, moving to another monitor).
  useEffect(() => {
    let query = window.matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`);
    const onChange = () => {
      const stage = stageRef.current;
      if (stage !== null) {
        for (const layer of stage.getLayers()) layer.getCanvas().setPixelRatio(window.devicePixelRatio);
        stage.batchDraw();
      }
      query.removeEventListener('change', onChange);
      query = window.matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`);
      query.addEventListener('change', onChange);
    };
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);

  const cursorStyle = panning ? 'grabbing' : spaceHeld ? 'grab' : 'crosshair';
  const groupTransform = { x: view.offsetXPx, y: view.offsetYPx, scaleX: view.scale, scaleY: view.scale };
  const keyboardBoxPreview = keyboardBoxStart === null ? null : { from: keyboardBoxStart, to: keyboardCursor };
  const preview = boxPreview ?? keyboardBoxPreview;

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
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerCancel}
        onLostPointerCapture={(event) => {
          // After a normal pointerup the gesture is already idle; otherwise (window lost focus) end it cleanly.
          if (gestureRef.current.kind !== 'idle' && event.buttons === 0) dispatchGesture({ type: 'cancel' });
        }}
        onPointerEnter={() => (pointerOverRef.current = true)}
        onPointerLeave={() => (pointerOverRef.current = false)}
        onMouseDown={(event) => {
          // Stop the middle button's autoscroll.
          if (event.button === 1) event.preventDefault();
        }}
        onContextMenu={(event) => event.preventDefault()}
        onKeyDown={onKeyDown}
        onFocus={(event) => setShowKeyboardCursor(event.currentTarget.matches(':focus-visible'))}
        onBlur={() => setShowKeyboardCursor(false)}
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
                {showKeyboardCursor && <KeyboardCrosshair at={keyboardCursor} imageSize={imageSize} scale={view.scale} />}
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

function BoxPreview({ from, to, imageSize }: { from: NormalizedPoint; to: NormalizedPoint; imageSize: ImageSize }) {
  const box = normalizedBoxFromCorners(from, to);
  if (box === null) return null;
  const topLeft = normalizedToImage({ x: box.xMin, y: box.yMin }, imageSize);
  const bottomRight = normalizedToImage({ x: box.xMax, y: box.yMax }, imageSize);
  const common = {
    x: topLeft.x,
    y: topLeft.y,
    width: bottomRight.x - topLeft.x,
    height: bottomRight.y - topLeft.y,
    strokeScaleEnabled: false,
    listening: false,
    perfectDrawEnabled: false,
  };
  return (
    <>
      <Rect {...common} stroke="rgba(0,0,0,0.8)" strokeWidth={3} />
      {/* Dash lengths in screen px, not divided by `scale`. With strokeScaleEnabled={false} Konva strokes
          under the pixel-ratio-only transform (Context._stroke), so the dash is already in screen px like strokeWidth;
          dividing by the view scale would make them vanish when zoomed in and grow long when zoomed out. */}
      <Rect {...common} stroke="#ffd400" strokeWidth={1.5} dash={[6, 4]} fill="rgba(255,212,0,0.08)" />
    </>
  );
}

function KeyboardCrosshair({ at, imageSize, scale }: { at: NormalizedPoint; imageSize: ImageSize; scale: number }) {
  const centre = normalizedToImage(at, imageSize);
  const half = CROSSHAIR_HALF_LENGTH_PX / scale;
  const lines = [
    [centre.x - half, centre.y, centre.x + half, centre.y],
    [centre.x, centre.y - half, centre.x, centre.y + half],
  ];
  return (
    <>
      {lines.map((points, index) => (
        <Line key={`outline-${index}`} points={points} stroke="black" strokeWidth={4} strokeScaleEnabled={false} listening={false} perfectDrawEnabled={false} />
      ))}
      {lines.map((points, index) => (
        <Line key={`line-${index}`} points={points} stroke="white" strokeWidth={2} strokeScaleEnabled={false} listening={false} perfectDrawEnabled={false} />
      ))}
    </>
  );
}
