/** Space held = pan mode, while the pointer is over the canvas or the canvas has focus. */
import { useEffect, useEffectEvent, useState, type RefObject } from 'react';

export function useSpaceHeld(regionRef: RefObject<HTMLDivElement | null>, pointerOverRef: RefObject<boolean>): boolean {
  const [spaceHeld, setSpaceHeld] = useState(false);
  const onSpace = useEffectEvent((event: KeyboardEvent, down: boolean) => {
    if (event.key !== ' ') return;
    const region = regionRef.current;
    const target = event.target instanceof HTMLElement ? event.target : null;
    const typing = target !== null && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
    if (down && (typing || !(pointerOverRef.current || document.activeElement === region))) return;
    if (down) {
      event.preventDefault();
      // Take focus from a focused button (e.g. Fit), which would otherwise be clicked when Space is released.
      if (region !== null && document.activeElement !== region) region.focus({ preventScroll: true });
    }
    setSpaceHeld(down);
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => onSpace(event, true);
    const onKeyUp = (event: KeyboardEvent) => onSpace(event, false);
    const onBlur = () => setSpaceHeld(false);
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('blur', onBlur);
    };
  }, []);
  return spaceHeld;
}
