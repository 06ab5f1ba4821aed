/**
 * Frame times during a gesture: requestAnimationFrame deltas recorded in the page from just before `gesture` until it
 * ends. The recorder stops itself afterwards, so a later figure never pays for an earlier figure's loop.
 */
import type { Page } from '@playwright/test';

export async function frameTimesDuring(page: Page, gesture: () => Promise<void>): Promise<number[]> {
  // A string, not a function: tsx's transform would wrap named inner functions in a helper the page does not have.
  await page.evaluate(`(() => {
    const recorder = { deltas: [], stopped: false };
    window.__benchFrames = recorder;
    let last = performance.now();
    const tick = (now) => {
      if (recorder.stopped) return;
      recorder.deltas.push(now - last);
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  await gesture();
  const frames = await page.evaluate(() => {
    const recorder = (window as unknown as { __benchFrames: { deltas: number[]; stopped: boolean } }).__benchFrames;
    recorder.stopped = true;
    return recorder.deltas;
  });
  // The first delta spans the set-up, not a frame.
  return frames.slice(1);
}
