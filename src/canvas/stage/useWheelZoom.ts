/** Wheel zoom about the cursor. Needs a non-passive listener to stop the page from scrolling. */
import { useEffect, useEffectEvent, type RefObject } from 'react';
import { stagePoint, type StagePoint } from '../coords';

/** Wheel delta (px) → zoom factor: exp(-delta * this). About 1.2× per mouse-wheel notch of 100 px. */
const WHEEL_ZOOM_PER_PX = 0.0018;
const LINE_PX = 16;

export function useWheelZoom(regionRef: RefObject<HTMLDivElement | null>, zoomAbout: (anchor: StagePoint, factor: number) => void): void {
  const onWheel = useEffectEvent((event: WheelEvent) => {
    event.preventDefault();
    const region = regionRef.current;
    if (region === null) return;
    const rect = region.getBoundingClientRect();
    const deltaPx = event.deltaMode === 1 ? event.deltaY * LINE_PX : event.deltaMode === 2 ? event.deltaY * rect.height : event.deltaY;
    zoomAbout(stagePoint(event.clientX - rect.left, event.clientY - rect.top), Math.exp(-deltaPx * WHEEL_ZOOM_PER_PX));
  });
  useEffect(() => {
    const region = regionRef.current;
    if (region === null) return;
    const listener = (event: WheelEvent) => onWheel(event);
    region.addEventListener('wheel', listener, { passive: false });
    return () => region.removeEventListener('wheel', listener);
  }, [regionRef]);
}
