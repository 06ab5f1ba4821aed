/** The toolbar row of the annotation loop: prompt editing, segmentation, the shortcuts help (and the storage notice). */
import { SegmentationControls } from '../segmentation/SegmentationControls';
import { PromptToolbar } from './PromptToolbar';
import { ShortcutsHelp } from './ShortcutsHelp';
import { StorageWarning } from './StorageWarning';

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
