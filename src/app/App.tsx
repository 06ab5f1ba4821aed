import { FileCanvas } from '../features/files/FileCanvas';
import { FileList } from '../features/files/FileList';
import { useCurrentFileId } from '../features/files/useCurrentFile';
import { useImageNavigationKeys } from '../features/files/useImageNavigationKeys';
import { useAnnotationCanvasBindings } from './useAnnotationCanvasBindings';
// The annotation loop: its toolbar, side panel and job runner.
import { AnnotationShortcuts } from './AnnotationShortcuts';
import { AnnotationToolbar } from './AnnotationToolbar';
import { SegmentationPanel } from '../features/segmentation/SegmentationPanel';
import { SegmentationRunner } from '../features/segmentation/SegmentationRunner';
import { AppLayout } from './AppLayout';
import { useCdfClient } from './cdfContext';

/** Wires the features into the layout: files on the left, the canvas in the middle, segmentation on the right. */
export function App() {
  const client = useCdfClient();
  const fileId = useCurrentFileId();
  const canvasBindings = useAnnotationCanvasBindings(client, fileId);
  // D / A: next / previous image, from anywhere but a text field.
  useImageNavigationKeys();
  return (
    <>
      <SegmentationRunner client={client} />
      <AnnotationShortcuts client={client} />
      <AppLayout
        toolbar={<AnnotationToolbar />}
        files={<FileList />}
        canvas={<FileCanvas {...canvasBindings} />}
        sidePanel={<SegmentationPanel client={client} />}
      />
    </>
  );
}
