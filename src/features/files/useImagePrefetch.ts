/**
 * Switching to the next or previous image must not wait: while an image is open, its two neighbours in the list are
 * downloaded (link + bytes, fetch priority low) and decoded through the same cache the canvas reads, once the open
 * image is on screen so they never compete with it. Memory stays bounded: only the open image and its neighbours
 * stay decoded; their bytes stay in the react-query cache while they are neighbours (observed), then expire.
 */
import { useQueries, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { fileQueries } from '../../api/queries';
import { useCdfClient } from '../../api/clientContext';
import { neighbourIds } from './imageNavigation';
import { markImagePrefetched } from '../../lib/timingMarks';
import { decodedImages, type DecodedImageCache } from './useDecodedImage';

// User Timing marks live in one place (timingMarks.ts); re-exported for FileCanvas.
export { markImageShown } from '../../lib/timingMarks';

/** The ids either side of the open image in the image list (none until the list is loaded). */
export function useNeighbourIds(currentId: number | null): readonly number[] {
  const client = useCdfClient();
  const list = useQuery(fileQueries.imageList(client));
  const files = list.data?.files;
  const ids = useMemo(() => files?.map((file) => file.id) ?? [], [files]);
  const [first, second] = neighbourIds(ids, currentId);
  // Stable identity while the neighbours are the same ids.
  return useMemo(() => [first, second].filter((id): id is number => id !== undefined), [first, second]);
}

/**
 * Keeps only the open image and its neighbours decoded. Call before `useDecodedImage` in the same component, so the
 * old images are freed before the new one is decoded.
 */
export function useKeepDecoded(currentId: number | null, neighbours: readonly number[], cache: DecodedImageCache = decodedImages): void {
  useEffect(() => {
    if (currentId !== null) cache.keepOnly([currentId, ...neighbours]);
  }, [currentId, neighbours, cache]);
}

const markedSources = new WeakSet<object>();

/** Downloads and decodes the neighbours once `currentShown` (the open image is on screen). */
export function useNeighbourPrefetch(neighbours: readonly number[], currentShown: boolean, cache: DecodedImageCache = decodedImages): void {
  const client = useCdfClient();
  const contents = useQueries({
    queries: neighbours.map((fileId) => ({ ...fileQueries.content(client, fileId, 'low'), enabled: currentShown })),
  });
  // At most two neighbours: a fixed-size list of dependencies.
  const [firstSource, secondSource] = contents.map((content) => content.data);
  useEffect(() => {
    [firstSource, secondSource].forEach((source, index) => {
      const fileId = neighbours[index];
      if (source === undefined || fileId === undefined) return;
      cache.load(fileId, source).then(
        () => {
          if (markedSources.has(source)) return;
          markedSources.add(source);
          markImagePrefetched(fileId);
        },
        // Not an image, or a failed decode: the canvas reports it if the user opens that file.
        () => undefined,
      );
    });
  }, [neighbours, cache, firstSource, secondSource]);
}
