/** Mount once: the annotation loop's global keyboard shortcuts (useAnnotationShortcuts). Renders nothing. */
import type { CdfClient } from '../api/client';
import { useDisplayedResult } from '../features/segmentation/useDisplayedResult';
import { useAnnotationShortcuts, type LabellingShortcutHandlers } from './useAnnotationShortcuts';

export function AnnotationShortcuts({ client, labelling }: { readonly client: CdfClient; readonly labelling: LabellingShortcutHandlers }) {
  // Number keys choose among the candidates on screen: the count is read from the displayed result, never copied.
  const candidateCount = useDisplayedResult(client).segments.length;
  useAnnotationShortcuts(candidateCount, labelling);
  return null;
}
