import { useEffect, useState, type RefObject } from 'react';

/**
 * True once the element has come near the viewport (and stays true), so a long list fetches thumbnails only for rows
 * a person can see instead of hundreds at once. Without IntersectionObserver everything counts as visible.
 */
export function useWasVisible(ref: RefObject<Element | null>, rootMarginPx = 200): boolean {
  const [visible, setVisible] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    const element = ref.current;
    if (visible || element === null) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setVisible(true);
      },
      { rootMargin: `${rootMarginPx}px` },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, rootMarginPx, visible]);
  return visible;
}
