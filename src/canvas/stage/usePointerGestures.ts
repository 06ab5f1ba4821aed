/**
 * Pointer events on the stage region → the gesture state machine (gestures.ts) → intents in normalized image space:
 * a point (dropped when it lands beside the image), a box with a live preview, or a pan of the view.
 */
import { useRef, useState, type MouseEvent, type PointerEvent } from 'react';
import {
  isInsideImage,
  normalizedBoxFromCorners,
  stagePoint,
  stageToNormalized,
  type ImageSize,
  type NormalizedBox,
  type NormalizedPoint,
  type StagePoint,
  type ViewTransform,
} from '../coords';
import { IDLE, nextGesture, type GestureEvent, type GestureIntent, type GestureState } from '../gestures';

export interface BoxCorners {
  readonly from: NormalizedPoint;
  readonly to: NormalizedPoint;
}

export interface PointerGestureOptions {
  readonly view: ViewTransform;
  readonly imageSize: ImageSize;
  readonly spaceHeld: boolean;
  readonly onPoint: (at: NormalizedPoint, label: 0 | 1) => void;
  readonly onDrawBox: (box: NormalizedBox) => void;
  readonly pan: (deltaXPx: number, deltaYPx: number) => void;
  /** A press began (the region takes focus; the keyboard cursor hides). */
  readonly onPress: () => void;
}

export interface PointerGestures {
  /** The box being dragged, or null. */
  readonly boxPreview: BoxCorners | null;
  readonly panning: boolean;
  readonly isBoxing: () => boolean;
  /** Ends the gesture in progress without an intent (Escape, lost capture). */
  readonly cancel: () => void;
  readonly handlers: {
    readonly onPointerDown: (event: PointerEvent<HTMLDivElement>) => void;
    readonly onPointerMove: (event: PointerEvent<HTMLDivElement>) => void;
    readonly onPointerUp: (event: PointerEvent<HTMLDivElement>) => void;
    readonly onPointerCancel: () => void;
    readonly onLostPointerCapture: (event: PointerEvent<HTMLDivElement>) => void;
    readonly onMouseDown: (event: MouseEvent<HTMLDivElement>) => void;
    readonly onContextMenu: (event: MouseEvent<HTMLDivElement>) => void;
  };
}

const pointerPosition = (event: PointerEvent<HTMLDivElement>): StagePoint => {
  const rect = event.currentTarget.getBoundingClientRect();
  return stagePoint(event.clientX - rect.left, event.clientY - rect.top);
};

export function usePointerGestures({ view, imageSize, spaceHeld, onPoint, onDrawBox, pan, onPress }: PointerGestureOptions): PointerGestures {
  const gestureRef = useRef<GestureState>(IDLE);
  const [boxPreview, setBoxPreview] = useState<BoxCorners | null>(null);
  const [panning, setPanning] = useState(false);
  const toNormalized = (point: StagePoint) => stageToNormalized(point, view, imageSize);

  const handleIntent = (intent: GestureIntent) => {
    switch (intent.kind) {
      case 'point': {
        const at = toNormalized(intent.at);
        if (isInsideImage(at)) onPoint(at, intent.label);
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
        pan(intent.deltaXPx, intent.deltaYPx);
        return;
    }
  };

  const dispatch = (event: GestureEvent) => {
    const step = nextGesture(gestureRef.current, event);
    gestureRef.current = step.state;
    setPanning(step.state.kind === 'panning');
    step.intents.forEach(handleIntent);
  };

  return {
    boxPreview,
    panning,
    isBoxing: () => gestureRef.current.kind === 'boxing',
    cancel: () => dispatch({ type: 'cancel' }),
    handlers: {
      onPointerDown: (event) => {
        event.currentTarget.focus({ preventScroll: true });
        onPress();
        // Keep receiving moves when the drag leaves the canvas.
        event.currentTarget.setPointerCapture(event.pointerId);
        dispatch({ type: 'down', point: pointerPosition(event), button: event.button, shiftKey: event.shiftKey, spaceHeld });
      },
      onPointerMove: (event) => {
        if (gestureRef.current.kind !== 'idle') dispatch({ type: 'move', point: pointerPosition(event) });
      },
      onPointerUp: (event) => dispatch({ type: 'up', point: pointerPosition(event) }),
      onPointerCancel: () => dispatch({ type: 'cancel' }),
      onLostPointerCapture: (event) => {
        // After a normal pointerup the gesture is already idle; otherwise (window lost focus) end it cleanly.
        if (gestureRef.current.kind !== 'idle' && event.buttons === 0) dispatch({ type: 'cancel' });
      },
      onMouseDown: (event) => {
        // Stop the middle button's autoscroll.
        if (event.button === 1) event.preventDefault();
      },
      onContextMenu: (event) => event.preventDefault(),
    },
  };
}
