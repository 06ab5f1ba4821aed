/** Mount once: runs the job loop (useSegmentationRunner). Renders nothing. */
import type { CdfClient } from '../../api/client';
import { useSegmentationRunner } from './useSegmentationRunner';

export function SegmentationRunner({ client }: { readonly client: CdfClient }) {
  useSegmentationRunner(client);
  return null;
}
