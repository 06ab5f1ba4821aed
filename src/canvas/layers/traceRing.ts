import type { Context } from 'konva/lib/Context';

/**
 * Adds one closed ring (flat image-pixel [x0, y0, x1, y1, …]) to the context's current path, skipping each vertex
 * closer than √minStepSquared to the last one drawn: such vertices add nothing visible at the current zoom but still
 * cost path and raster time. Zoomed in (a small step), every vertex is drawn. Rings of fewer than 3 vertices are skipped.
 */
export function traceRing(context: Context, ring: readonly number[], minStepSquared: number): void {
  if (ring.length < 6) return;
  let lastX = ring[0] ?? 0;
  let lastY = ring[1] ?? 0;
  context.moveTo(lastX, lastY);
  for (let i = 2; i < ring.length; i += 2) {
    const x = ring[i] ?? 0;
    const y = ring[i + 1] ?? 0;
    const dx = x - lastX;
    const dy = y - lastY;
    if (dx * dx + dy * dy < minStepSquared) continue;
    context.lineTo(x, y);
    lastX = x;
    lastY = y;
  }
  context.closePath();
}
