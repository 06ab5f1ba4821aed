import { describe, expect, it } from 'vitest';
import { stagePoint } from './coords';
import { IDLE, nextGesture, type GestureEvent, type GestureIntent, type GestureState } from './gestures';

/** Runs events from idle and returns every intent emitted plus the final state. */
function run(events: GestureEvent[]): { intents: GestureIntent[]; state: GestureState } {
  let state: GestureState = IDLE;
  const intents: GestureIntent[] = [];
  for (const event of events) {
    const step = nextGesture(state, event);
    state = step.state;
    intents.push(...step.intents);
  }
  return { intents, state };
}

const down = (x: number, y: number, button = 0, shiftKey = false, spaceHeld = false): GestureEvent => ({ type: 'down', point: stagePoint(x, y), button, shiftKey, spaceHeld });
const move = (x: number, y: number): GestureEvent => ({ type: 'move', point: stagePoint(x, y) });
const up = (x: number, y: number): GestureEvent => ({ type: 'up', point: stagePoint(x, y) });

describe('clicks', () => {
  it('a left click is a positive point at the press position', () => {
    expect(run([down(10, 20), up(10, 20)])).toEqual({ intents: [{ kind: 'point', at: { x: 10, y: 20 }, label: 1 }], state: IDLE });
  });
  it('a little jitter below the threshold is still a click', () => {
    expect(run([down(10, 20), move(13, 23), up(13, 23)]).intents).toEqual([{ kind: 'point', at: { x: 10, y: 20 }, label: 1 }]);
  });
  it('Shift+click is a negative point', () => {
    expect(run([down(5, 5, 0, true), up(5, 5)]).intents).toEqual([{ kind: 'point', at: { x: 5, y: 5 }, label: 0 }]);
  });
  it('a right click is a negative point', () => {
    expect(run([down(5, 5, 2), up(5, 5)]).intents).toEqual([{ kind: 'point', at: { x: 5, y: 5 }, label: 0 }]);
  });
  it('a right drag does nothing', () => {
    expect(run([down(5, 5, 2), move(50, 50), up(50, 50)])).toEqual({ intents: [], state: IDLE });
  });
});

describe('boxes', () => {
  it('a left drag past the threshold previews and then emits a box', () => {
    const { intents, state } = run([down(10, 10), move(12, 12), move(40, 30), move(60, 70), up(61, 71)]);
    expect(intents).toEqual([
      { kind: 'box-preview', from: { x: 10, y: 10 }, to: { x: 40, y: 30 } },
      { kind: 'box-preview', from: { x: 10, y: 10 }, to: { x: 60, y: 70 } },
      { kind: 'box', from: { x: 10, y: 10 }, to: { x: 61, y: 71 } },
    ]);
    expect(state).toEqual(IDLE);
  });
  it('cancel during a box removes the preview and emits no box', () => {
    expect(run([down(0, 0), move(30, 30), { type: 'cancel' }, up(40, 40)]).intents).toEqual([
      { kind: 'box-preview', from: { x: 0, y: 0 }, to: { x: 30, y: 30 } },
      { kind: 'box-cancelled' },
    ]);
  });
});

describe('panning', () => {
  it('middle drag pans by the pointer deltas and places nothing', () => {
    expect(run([down(100, 100, 1), move(110, 95), move(130, 90), up(130, 90)]).intents).toEqual([
      { kind: 'pan', deltaXPx: 10, deltaYPx: -5 },
      { kind: 'pan', deltaXPx: 20, deltaYPx: -5 },
    ]);
  });
  it('Space+left drag pans, even for a tiny move, and never places a point', () => {
    expect(run([down(0, 0, 0, false, true), move(2, 1), up(2, 1)]).intents).toEqual([{ kind: 'pan', deltaXPx: 2, deltaYPx: 1 }]);
    expect(run([down(0, 0, 0, false, true), up(0, 0)]).intents).toEqual([]);
  });
});

describe('robustness', () => {
  it('ignores a second button pressed mid-gesture', () => {
    expect(run([down(0, 0), down(5, 5, 2), up(0, 0)]).intents).toEqual([{ kind: 'point', at: { x: 0, y: 0 }, label: 1 }]);
  });
  it('ignores moves and ups with no press', () => {
    expect(run([move(5, 5), up(5, 5)])).toEqual({ intents: [], state: IDLE });
  });
  it('honours a custom drag threshold', () => {
    const pressed = nextGesture(IDLE, down(0, 0)).state;
    expect(nextGesture(pressed, move(8, 0), 10).state.kind).toBe('pressed');
    expect(nextGesture(pressed, move(8, 0), 5).state.kind).toBe('boxing');
  });
});
