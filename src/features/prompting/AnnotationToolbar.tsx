/** The toolbar row of the annotation loop: prompt editing, segmentation, and the shortcuts help. */
import { SegmentationControls } from '../segmentation/SegmentationControls';
import { PromptToolbar } from './PromptToolbar';
import { ShortcutsHelp } from './ShortcutsHelp';

export function AnnotationToolbar() {
  return (
    <>
      <PromptToolbar />
      <SegmentationControls />
      <ShortcutsHelp />
    </>
  );
}
