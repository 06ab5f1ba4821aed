/** Mount once: the annotation loop's global keyboard shortcuts (useAnnotationShortcuts). Renders nothing. */
import { useAnnotationShortcuts } from './useAnnotationShortcuts';

export function AnnotationShortcuts() {
  useAnnotationShortcuts();
  return null;
}
