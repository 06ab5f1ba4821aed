/**
 * Keyboard-only annotation, pure: which key does what on the focused canvas, and how the keyboard cursor moves.
 *
 * | key                     | action                                                          |
 * |-------------------------|-----------------------------------------------------------------|
 * | Arrow keys              | move the keyboard cursor 10 screen px (Shift: 50 px)             |
 * | P or +                  | positive point at the cursor                                     |
 * | N or -                  | negative point at the cursor                                     |
 * | B                       | first press: box corner at the cursor; second press: finish box  |
 * | Escape                  | cancel a box being drawn with B (otherwise left to the app)      |
 * | F or 0                  | fit the image to the canvas                                      |
 * | PageUp / PageDown       | zoom in / out about the cursor                                   |
 *
 * Space is left for Space+drag panning; Enter, digits 1-9 and Ctrl/Cmd combinations are left to the app (Segment,
 * candidate selection, undo/redo).
 */
import { clampNormalized, normalizedToStage, stagePoint, stageToNormalized, type ImageSize, type NormalizedPoint } from './coords';

export const CURSOR_STEP_PX = 10;
export const CURSOR_LARGE_STEP_PX = 50;
export const KEYBOARD_ZOOM_FACTOR = 1.25;

export type CanvasKeyAction =
  | { readonly kind: 'move-cursor'; readonly deltaXPx: number; readonly deltaYPx: number }
  | { readonly kind: 'place-point'; readonly label: 0 | 1 }
  | { readonly kind: 'box-corner' }
  | { readonly kind: 'cancel-box' }
  | { readonly kind: 'fit' }
  | { readonly kind: 'zoom'; readonly factor: number };

export interface KeyInput {
  readonly key: string;
  readonly shiftKey: boolean;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
}

/** Maps a keydown to a canvas action, or null when the key is not the canvas's to handle. */
export function canvasKeyAction(input: KeyInput): CanvasKeyAction | null {
  if (input.ctrlKey || input.metaKey || input.altKey) return null;
  const step = input.shiftKey ? CURSOR_LARGE_STEP_PX : CURSOR_STEP_PX;
  switch (input.key) {
    case 'ArrowLeft':
      return { kind: 'move-cursor', deltaXPx: -step, deltaYPx: 0 };
    case 'ArrowRight':
      return { kind: 'move-cursor', deltaXPx: step, deltaYPx: 0 };
    case 'ArrowUp':
      return { kind: 'move-cursor', deltaXPx: 0, deltaYPx: -step };
    case 'ArrowDown':
      return { kind: 'move-cursor', deltaXPx: 0, deltaYPx: step };
    case 'p':
    case 'P':
    case '+':
      return { kind: 'place-point', label: 1 };
    case 'n':
    case 'N':
    case '-':
      return { kind: 'place-point', label: 0 };
    case 'b':
    case 'B':
      return { kind: 'box-corner' };
    case 'Escape':
      return { kind: 'cancel-box' };
    case 'f':
    case 'F':
    case '0':
      return { kind: 'fit' };
    case 'PageUp':
      return { kind: 'zoom', factor: KEYBOARD_ZOOM_FACTOR };
    case 'PageDown':
      return { kind: 'zoom', factor: 1 / KEYBOARD_ZOOM_FACTOR };
    default:
      return null;
  }
}

/**
 * Normalized → normalized: moves the cursor by a screen-px delta at the given view scale (stage px per image px),
 * clamped to the image so the cursor can always place a valid point.
 */
export function moveKeyboardCursor(cursor: NormalizedPoint, deltaXPx: number, deltaYPx: number, scale: number, size: ImageSize): NormalizedPoint {
  // The offset cancels out of a delta, so a view at the origin with this scale is enough.
  const view = { scale, offsetXPx: 0, offsetYPx: 0 };
  const onStage = normalizedToStage(cursor, view, size);
  return clampNormalized(stageToNormalized(stagePoint(onStage.x + deltaXPx, onStage.y + deltaYPx), view, size));
}
