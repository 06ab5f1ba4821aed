/**
 * The pointer gesture state machine: pointer down/move/up (with button and modifiers) in, intents out. Pure, so it is
 * tested without Konva or a DOM. Everything here is in stage pixels; the stage component converts intents to
 * normalized image space and drops those that land outside the image.
 *
 * - left click (moved less than the drag threshold) = positive point; Shift+click or right-click = negative point
 * - left drag beyond the threshold = box, with a live preview while dragging
 * - Space+left drag or middle drag = pan
 * - right drag = nothing (the context menu is suppressed by the stage)
 */
import type { StagePoint } from './coords';

/** A press that moves less than this is a click; more is a drag (box or abandoned right-click). */
export const DRAG_THRESHOLD_PX = 5;

/** `PointerEvent.button` values. */
export const MouseButton = { Primary: 0, Middle: 1, Secondary: 2 } as const;

export type GestureState =
  | { readonly kind: 'idle' }
  /** Pressed, not yet moved past the threshold: may become a click or a drag. */
  | { readonly kind: 'pressed'; readonly start: StagePoint; readonly label: 0 | 1; readonly canDrawBox: boolean }
  | { readonly kind: 'boxing'; readonly start: StagePoint; readonly current: StagePoint }
  | { readonly kind: 'panning'; readonly last: StagePoint }
  /** A gesture that produces nothing (a right-drag) until the button is released. */
  | { readonly kind: 'ignoring' };

export type GestureEvent =
  | { readonly type: 'down'; readonly point: StagePoint; readonly button: number; readonly shiftKey: boolean; readonly spaceHeld: boolean }
  | { readonly type: 'move'; readonly point: StagePoint }
  | { readonly type: 'up'; readonly point: StagePoint }
  /** Pointer capture lost, window blur, Escape: end the gesture without an intent. */
  | { readonly type: 'cancel' };

export type GestureIntent =
  | { readonly kind: 'point'; readonly at: StagePoint; readonly label: 0 | 1 }
  | { readonly kind: 'box-preview'; readonly from: StagePoint; readonly to: StagePoint }
  | { readonly kind: 'box'; readonly from: StagePoint; readonly to: StagePoint }
  /** The preview should disappear (gesture cancelled). */
  | { readonly kind: 'box-cancelled' }
  | { readonly kind: 'pan'; readonly deltaXPx: number; readonly deltaYPx: number };

export interface GestureStep {
  readonly state: GestureState;
  readonly intents: readonly GestureIntent[];
}

export const IDLE: GestureState = { kind: 'idle' };

const distancePx = (a: StagePoint, b: StagePoint): number => Math.hypot(a.x - b.x, a.y - b.y);
const stay = (state: GestureState): GestureStep => ({ state, intents: [] });

export function nextGesture(state: GestureState, event: GestureEvent, dragThresholdPx: number = DRAG_THRESHOLD_PX): GestureStep {
  switch (event.type) {
    case 'down': {
      // A second button pressed during a gesture does not start another one.
      if (state.kind !== 'idle') return stay(state);
      if (event.button === MouseButton.Middle || (event.button === MouseButton.Primary && event.spaceHeld)) {
        return stay({ kind: 'panning', last: event.point });
      }
      if (event.button === MouseButton.Primary) {
        return stay({ kind: 'pressed', start: event.point, label: event.shiftKey ? 0 : 1, canDrawBox: true });
      }
      if (event.button === MouseButton.Secondary) {
        return stay({ kind: 'pressed', start: event.point, label: 0, canDrawBox: false });
      }
      return stay(state);
    }
    case 'move': {
      switch (state.kind) {
        case 'pressed': {
          if (distancePx(state.start, event.point) <= dragThresholdPx) return stay(state);
          if (!state.canDrawBox) return stay({ kind: 'ignoring' });
          return { state: { kind: 'boxing', start: state.start, current: event.point }, intents: [{ kind: 'box-preview', from: state.start, to: event.point }] };
        }
        case 'boxing':
          return { state: { ...state, current: event.point }, intents: [{ kind: 'box-preview', from: state.start, to: event.point }] };
        case 'panning':
          return {
            state: { kind: 'panning', last: event.point },
            intents: [{ kind: 'pan', deltaXPx: event.point.x - state.last.x, deltaYPx: event.point.y - state.last.y }],
          };
        default:
          return stay(state);
      }
    }
    case 'up': {
      switch (state.kind) {
        case 'pressed':
          return { state: IDLE, intents: [{ kind: 'point', at: state.start, label: state.label }] };
        case 'boxing':
          return { state: IDLE, intents: [{ kind: 'box', from: state.start, to: event.point }] };
        case 'panning': {
          const deltaXPx = event.point.x - state.last.x;
          const deltaYPx = event.point.y - state.last.y;
          return { state: IDLE, intents: deltaXPx === 0 && deltaYPx === 0 ? [] : [{ kind: 'pan', deltaXPx, deltaYPx }] };
        }
        default:
          return stay(IDLE);
      }
    }
    case 'cancel':
      return { state: IDLE, intents: state.kind === 'boxing' ? [{ kind: 'box-cancelled' }] : [] };
  }
}
