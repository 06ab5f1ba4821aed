import { useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { fileQueries } from '../../api/queries';
import { useCdfClient } from '../../api/clientContext';
import { useObjectUrl } from '../../lib/useObjectUrl';
import { useWasVisible } from '../../lib/useWasVisible';

const THUMBNAIL_SIZE_PX = 56;

/**
 * The file's CDF thumbnail, fetched with the token as a blob once the row scrolls into view; a neutral box while
 * loading or when CDF has none.
 */
export function FileThumbnail({ fileId }: { fileId: number }) {
  const client = useCdfClient();
  const boxRef = useRef<HTMLSpanElement>(null);
  const visible = useWasVisible(boxRef);
  const icon = useQuery({ ...fileQueries.icon(client, fileId), enabled: visible });
  const url = useObjectUrl(icon.data);
  return (
    <span ref={boxRef} className="thumbnail-box">
      {url === undefined ? (
        <span className="thumbnail thumbnail-placeholder" aria-hidden="true" title={icon.isError ? 'No thumbnail' : undefined} />
      ) : (
        <img className="thumbnail" src={url} alt="" width={THUMBNAIL_SIZE_PX} height={THUMBNAIL_SIZE_PX} decoding="async" />
      )}
    </span>
  );
}
