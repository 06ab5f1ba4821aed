import type { Context } from 'konva/lib/Context';
import { describe, expect, it } from 'vitest';
import { traceRing } from './traceRing';

/** Records the path calls; traceRing uses only these three. */
function recordingContext() {
  const calls: string[] = [];
  const context = {
    moveTo: (x: number, y: number) => calls.push(`M${x},${y}`),
    lineTo: (x: number, y: number) => calls.push(`L${x},${y}`),
    closePath: () => calls.push('Z'),
  } as unknown as Context;
  return { context, calls };
}

describe('traceRing', () => {
  it('draws every vertex when the step allows it', () => {
    const { context, calls } = recordingContext();
    traceRing(context, [0, 0, 10, 0, 10, 10], 0);
    expect(calls).toEqual(['M0,0', 'L10,0', 'L10,10', 'Z']);
  });

  it('skips vertices closer than the step to the last one drawn', () => {
    const { context, calls } = recordingContext();
    traceRing(context, [0, 0, 1, 0, 2, 0, 10, 0, 10, 10], 4 * 4);
    expect(calls).toEqual(['M0,0', 'L10,0', 'L10,10', 'Z']);
  });

  it('adds nothing for a ring of fewer than three vertices', () => {
    const { context, calls } = recordingContext();
    traceRing(context, [0, 0, 5, 5], 0);
    expect(calls).toEqual([]);
  });
});
