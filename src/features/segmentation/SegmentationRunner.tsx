/** Mount once: runs the job loop (useSegmentationRunner) and the keyboard shortcuts. Renders nothing. */
import type { CdfClient } from '../../api/client';
import { useAnnotationShortcuts } from '../prompting/useAnnotationShortcuts';
import { useSegmentationRunner } from './useSegmentationRunner';

export function SegmentationRunner({ client }: { readonly client: CdfClient }) {
  useSegmentationRunner(client);
  useAnnotationShortcuts();
  return null;
}
