import { describe, expect, it } from 'vitest';
import { normalizedPoint } from './coords';
import { canvasKeyAction, moveKeyboardCursor } from './keyboard';

const key = (k: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('canvasKeyAction', () => {
  it('moves the cursor with arrows, further with Shift', () => {
    expect(canvasKeyAction(key('ArrowRight'))).toEqual({ kind: 'move-cursor', deltaXPx: 10, deltaYPx: 0 });
    expect(canvasKeyAction(key('ArrowUp', { shiftKey: true }))).toEqual({ kind: 'move-cursor', deltaXPx: 0, deltaYPx: -50 });
  });
  it('places positive and negative points', () => {
    expect(canvasKeyAction(key('p'))).toEqual({ kind: 'place-point', label: 1 });
    expect(canvasKeyAction(key('+', { shiftKey: true }))).toEqual({ kind: 'place-point', label: 1 });
    expect(canvasKeyAction(key('N', { shiftKey: true }))).toEqual({ kind: 'place-point', label: 0 });
    expect(canvasKeyAction(key('-'))).toEqual({ kind: 'place-point', label: 0 });
  });
  it('fits with F and 0', () => {
    expect(canvasKeyAction(key('f'))).toEqual({ kind: 'fit' });
    expect(canvasKeyAction(key('0'))).toEqual({ kind: 'fit' });
  });
  it('leaves app shortcuts alone: Ctrl+Z, Enter, digits, Space', () => {
    expect(canvasKeyAction(key('z', { ctrlKey: true }))).toBeNull();
    expect(canvasKeyAction(key('p', { metaKey: true }))).toBeNull();
    expect(canvasKeyAction(key('Enter'))).toBeNull();
    expect(canvasKeyAction(key('1'))).toBeNull();
    expect(canvasKeyAction(key(' '))).toBeNull();
  });
});

describe('moveKeyboardCursor', () => {
  it('moves by screen px converted through the view scale, clamped to the image', () => {
    const size = { widthPx: 1000, heightPx: 500 };
    const moved = moveKeyboardCursor(normalizedPoint(0.5, 0.5), 10, -5, 0.5, size);
    expect(moved.x).toBeCloseTo(0.52);
    expect(moved.y).toBeCloseTo(0.48);
    expect(moveKeyboardCursor(normalizedPoint(0.99, 0.01), 500, -500, 1, size)).toEqual({ x: 1, y: 0 });
  });
});
