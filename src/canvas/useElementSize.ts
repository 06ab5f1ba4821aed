import { useEffect, useState, type RefObject } from 'react';
import type { StageSize } from './coords';

/** The element's content-box size in CSS px, kept current with a ResizeObserver; null until first measured. */
export function useElementSize(ref: RefObject<HTMLElement | null>): StageSize | null {
  const [size, setSize] = useState<StageSize | null>(null);
  useEffect(() => {
    const element = ref.current;
    if (element === null) return;
    // ResizeObserver reports the initial size right after observe(), so no synchronous measurement is needed.
    const observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (box === undefined) return;
      const widthPx = Math.floor(box.width);
      const heightPx = Math.floor(box.height);
      setSize((previous) => (previous?.widthPx === widthPx && previous.heightPx === heightPx ? previous : { widthPx, heightPx }));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}
