/**
 * The keyboard's way to annotate: a cursor moved with the arrows (the view pans just enough to keep it on screen),
 * P/N to place a point at it, B … B for a box, F/0 to fit and Page Up/Down to zoom about it.
 */
import { useState, type KeyboardEvent } from 'react';
import { normalizedBoxFromCorners, normalizedPoint, normalizedToStage, type ImageSize, type NormalizedBox, type NormalizedPoint, type StagePoint, type StageSize, type ViewTransform } from '../coords';
import { canvasKeyAction, moveKeyboardCursor } from '../keyboard';
import type { BoxCorners } from './usePointerGestures';

const CURSOR_KEEP_VISIBLE_MARGIN_PX = 24;

export interface KeyboardCursorOptions {
  readonly view: ViewTransform;
  readonly imageSize: ImageSize;
  readonly stageSize: StageSize;
  readonly onPoint: (at: NormalizedPoint, label: 0 | 1) => void;
  readonly onDrawBox: (box: NormalizedBox) => void;
  readonly fit: () => void;
  readonly zoomAbout: (anchor: StagePoint, factor: number) => void;
  readonly pan: (deltaXPx: number, deltaYPx: number) => void;
  /** Whether a pointer drag is drawing a box (Escape cancels it too). */
  readonly pointerBoxing: () => boolean;
  readonly cancelPointerGesture: () => void;
}

export interface KeyboardCursor {
  readonly cursor: NormalizedPoint;
  /** Shown after a key press or keyboard focus; hidden on pointer use and blur. */
  readonly visible: boolean;
  readonly setVisible: (visible: boolean) => void;
  /** The keyboard box from its first corner to the cursor, or null. */
  readonly boxPreview: BoxCorners | null;
  readonly onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => void;
}

export function useKeyboardCursor(options: KeyboardCursorOptions): KeyboardCursor {
  const { view, imageSize, stageSize, onPoint, onDrawBox, fit, zoomAbout, pan, pointerBoxing, cancelPointerGesture } = options;
  const [cursor, setCursor] = useState<NormalizedPoint>(() => normalizedPoint(0.5, 0.5));
  const [boxStart, setBoxStart] = useState<NormalizedPoint | null>(null);
  const [visible, setVisible] = useState(false);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const action = canvasKeyAction(event);
    if (action === null) return;
    if (action.kind === 'cancel-box') {
      // Escape is the app's too (abandon the pending job): consume it only when it cancels a box here.
      if (boxStart === null && !pointerBoxing()) return;
      setBoxStart(null);
      cancelPointerGesture();
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    event.preventDefault();
    setVisible(true);
    switch (action.kind) {
      case 'move-cursor': {
        const moved = moveKeyboardCursor(cursor, action.deltaXPx, action.deltaYPx, view.scale, imageSize);
        setCursor(moved);
        // Pan just enough to keep the cursor on screen.
        const onStage = normalizedToStage(moved, view, imageSize);
        const margin = CURSOR_KEEP_VISIBLE_MARGIN_PX;
        const shiftXPx = Math.max(0, margin - onStage.x) - Math.max(0, onStage.x - (stageSize.widthPx - margin));
        const shiftYPx = Math.max(0, margin - onStage.y) - Math.max(0, onStage.y - (stageSize.heightPx - margin));
        if (shiftXPx !== 0 || shiftYPx !== 0) pan(shiftXPx, shiftYPx);
        return;
      }
      case 'place-point':
        onPoint(cursor, action.label);
        return;
      case 'box-corner': {
        if (boxStart === null) {
          setBoxStart(cursor);
          return;
        }
        setBoxStart(null);
        const box = normalizedBoxFromCorners(boxStart, cursor);
        if (box !== null) onDrawBox(box);
        return;
      }
      case 'fit':
        fit();
        return;
      case 'zoom':
        zoomAbout(normalizedToStage(cursor, view, imageSize), action.factor);
        return;
    }
  };

  return { cursor, visible, setVisible, boxPreview: boxStart === null ? null : { from: boxStart, to: cursor }, onKeyDown };
}
