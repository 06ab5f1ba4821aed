/** Connects the active prompts to the canvas's PromptLayer; goes into the stage's image-space overlay slot. */
import { useCallback } from 'react';
import type { ImageSize } from '../../canvas/coords';
import { PromptLayer } from '../../canvas/layers/PromptLayer';
import { useActivePrompts, usePromptRevision } from '../../store/annotationStore';
import { markPromptsRendered } from '../../lib/timingMarks';

export interface PromptMarkersProps {
  readonly imageSize: ImageSize;
  readonly viewScale: number;
}

export function PromptMarkers({ imageSize, viewScale }: PromptMarkersProps) {
  const prompts = useActivePrompts();
  const revision = usePromptRevision();
  const onDrawn = useCallback(() => markPromptsRendered(revision), [revision]);
  return (
    <PromptLayer
      points={prompts.points}
      box={prompts.box}
      imageSize={imageSize}
      viewScale={viewScale}
      onDrawn={onDrawn}
    />
  );
}
