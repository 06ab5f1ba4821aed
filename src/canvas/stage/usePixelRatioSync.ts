/** Keeps the stage sharp when devicePixelRatio changes (browser zoom, moving to another monitor). */
import { useEffect, type RefObject } from 'react';
import type { Stage as KonvaStage } from 'konva/lib/Stage';

export function usePixelRatioSync(stageRef: RefObject<KonvaStage | null>): void {
  useEffect(() => {
    let query = window.matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`);
    const onChange = () => {
      const stage = stageRef.current;
      if (stage !== null) {
        for (const layer of stage.getLayers()) layer.getCanvas().setPixelRatio(window.devicePixelRatio);
        stage.batchDraw();
      }
      // A media query matches one ratio only: listen for the next change from the new one.
      query.removeEventListener('change', onChange);
      query = window.matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`);
      query.addEventListener('change', onChange);
    };
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, [stageRef]);
}
