import { describe, expect, it } from 'vitest';
import { normalizedPoint } from '../coords';
import { MARKER_HIT_RADIUS_PX, markerHitAt } from './markerHit';

const imageSize = { widthPx: 1000, heightPx: 500 };
const markers = [normalizedPoint(0.1, 0.1), normalizedPoint(0.12, 0.1)];

describe('marker hits', () => {
  it('finds the nearest marker within the hit radius, measured in screen pixels', () => {
    const view = { scale: 1, offsetXPx: 0, offsetYPx: 0 };
    // The second marker is 20 px right of the first; 0.118 is 2 px from it.
    expect(markerHitAt(markers, normalizedPoint(0.118, 0.1), view, imageSize)).toBe(1);
    expect(markerHitAt(markers, normalizedPoint(0.5, 0.5), view, imageSize)).toBeNull();
  });

  it('zooming in makes room for close points; the offset does not matter', () => {
    const apart = normalizedPoint(0.1 + 5 / 1000, 0.1); // 5 image px right of the first marker
    expect(markerHitAt(markers, apart, { scale: 1, offsetXPx: 40, offsetYPx: -7 }, imageSize)).toBe(0);
    expect(markerHitAt(markers, apart, { scale: 10, offsetXPx: 40, offsetYPx: -7 }, imageSize)).toBeNull();
    expect(MARKER_HIT_RADIUS_PX).toBeLessThan(10); // below the keyboard cursor's step
  });
});
