import { useQuery } from '@tanstack/react-query';
import { fileQueries } from '../../api/queries';
import { useCdfClient } from '../../app/cdfContext';
import { ErrorAlert } from '../../app/ErrorAlert';
import { FileThumbnail } from './FileThumbnail';
import { chooseFile } from './selectedFile';
import { useCurrentFile } from './useCurrentFile';

/** The project's JPEG and PNG files with thumbnails; choosing one opens it on the canvas and in the URL. */
export function FileList() {
  const client = useCdfClient();
  const list = useQuery(fileQueries.imageList(client));
  const current = useCurrentFile();
  const currentId = current.status === 'ready' ? current.file.id : null;

  if (list.isPending) return <p className="muted">Loading images…</p>;
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.files.length === 0) return <p className="muted">This project has no JPEG or PNG files.</p>;
  return (
    <>
      <ul className="file-list" aria-label="Images">
        {list.data.files.map((file) => (
          <li key={file.id}>
            <button
              type="button"
              className="file-item"
              aria-current={file.id === currentId ? 'true' : undefined}
              onClick={() => chooseFile({ id: file.id })}
              title={file.externalId ?? `id ${file.id}`}
            >
              <FileThumbnail fileId={file.id} />
              <span className="file-name">{file.name}</span>
            </button>
          </li>
        ))}
      </ul>
      {list.data.truncated && <p className="muted">Only the first {list.data.files.length} images are listed.</p>}
    </>
  );
}
