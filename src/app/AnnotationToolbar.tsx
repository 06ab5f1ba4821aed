/** The toolbar row of the annotation loop: prompt editing, segmentation, the shortcuts help (and the storage notice). */
import { SegmentationControls } from '../features/segmentation/SegmentationControls';
import { PromptToolbar } from '../features/prompting/PromptToolbar';
import { ShortcutsHelp } from '../features/prompting/ShortcutsHelp';
import { StorageWarning } from '../features/prompting/StorageWarning';

export function AnnotationToolbar() {
  return (
    <>
      <PromptToolbar />
      <SegmentationControls />
      <ShortcutsHelp />
      <StorageWarning />
    </>
  );
}
