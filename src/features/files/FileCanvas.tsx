import { useQuery } from '@tanstack/react-query';
import { isSegmentableImage } from '../../api/files';
import { fileQueries } from '../../api/queries';
import { useCdfClient } from '../../api/clientContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { AnnotationStage, imageSizeOf, type AnnotationStageProps } from '../../canvas/AnnotationStage';
import { useCurrentFile } from './useCurrentFile';
import { describeDecodeFailure, useDecodedImage } from './useDecodedImage';
import { markImageShown, useKeepDecoded, useNeighbourIds, useNeighbourPrefetch } from './useImagePrefetch';

export type FileCanvasProps = Omit<AnnotationStageProps, 'image' | 'imageKey' | 'onImageDrawn'>;

/**
 * The open file on the canvas: resolves it, downloads its bytes through a download link, decodes them, and shows the
 * stage; or says in an alert why it cannot (unknown file, not an image, failed download, rejected token, unreachable
 * server), with the request id when known and a retry where trying again can help. Once the image is shown, its
 * neighbours in the list are prefetched and decoded, so the next and previous image appear without a load.
 */
export function FileCanvas(stageProps: FileCanvasProps) {
  const client = useCdfClient();
  const current = useCurrentFile();
  const imageFile = current.status === 'ready' && isSegmentableImage(current.file) ? current.file : null;
  const currentId = current.status === 'ready' ? current.file.id : null;
  const neighbours = useNeighbourIds(currentId);
  // Before useDecodedImage: frees the images that are no longer neighbours before decoding a new one.
  useKeepDecoded(currentId, neighbours);
  const content = useQuery(fileQueries.content(client, imageFile?.id ?? null));
  const decoded = useDecodedImage(imageFile?.id ?? null, content.data);
  useNeighbourPrefetch(neighbours, decoded.status === 'ready');

  if (current.status === 'loading') return <CanvasMessage text="Loading the file…" />;
  if (current.status === 'error') return <CanvasAlert error={current.error} onRetry={current.retry} />;
  if (current.status === 'empty') return <CanvasMessage text="This project has no JPEG or PNG files to annotate." />;
  const file = current.file;
  if (imageFile === null) {
    return (
      <CanvasAlert
        error={{
          title: 'Not an image',
          detail: `"${file.name}" is ${file.mimeType ?? 'of unknown type'}; the annotator opens JPEG and PNG images.`,
          requestId: undefined,
          retryable: false,
        }}
      />
    );
  }
  if (content.isPending) return <CanvasMessage text={`Downloading ${file.name}…`} />;
  if (content.isError) return <CanvasAlert error={content.error} onRetry={() => void content.refetch()} />;
  if (decoded.status === 'decoding') return <CanvasMessage text={`Decoding ${file.name}…`} />;
  if (decoded.status === 'error') {
    // A retry refetches the content query: a fresh download link and a new source, which is decoded again.
    if (content.isFetching) return <CanvasMessage text={`Downloading ${file.name}…`} />;
    return <CanvasAlert error={describeDecodeFailure(file.name, content.data, decoded.error)} onRetry={() => void content.refetch()} />;
  }
  return (
    <div className="file-canvas">
      <p className="canvas-caption">
        <span className="file-name">{file.name}</span>{' '}
        <span className="muted">
          {decoded.sourceSize.widthPx}×{decoded.sourceSize.heightPx} px
          {imageSizeOf(decoded.image).widthPx !== decoded.sourceSize.widthPx && ` (shown at ${imageSizeOf(decoded.image).widthPx}×${imageSizeOf(decoded.image).heightPx})`} · id{' '}
          {file.id}
        </span>
      </p>
      <AnnotationStage image={decoded.image} imageKey={String(file.id)} onImageDrawn={onImageDrawn} {...stageProps} />
    </div>
  );
}

/** The stage calls this once per image it mounts for: the `annotator:image-shown` mark. */
const onImageDrawn = (imageKey: string) => markImageShown(Number(imageKey));

function CanvasMessage({ text }: { text: string }) {
  return (
    <div className="canvas-message">
      <p aria-live="polite">{text}</p>
    </div>
  );
}

function CanvasAlert(props: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="canvas-message">
      <ErrorAlert {...props} />
    </div>
  );
}
