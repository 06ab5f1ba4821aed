import { useEffect, useState } from 'react';

/**
 * An object URL for a Blob, created after mount and revoked when the blob changes or the component unmounts, so
 * thumbnails do not leak memory as the list scrolls or re-renders.
 */
export function useObjectUrl(blob: Blob | undefined): string | undefined {
  const [entry, setEntry] = useState<{ blob: Blob; url: string } | undefined>(undefined);
  useEffect(() => {
    if (blob === undefined) return;
    const url = URL.createObjectURL(blob);
    // Publishing the URL must happen after creation in this effect; revocation pairs with it in the cleanup.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setEntry({ blob, url });
    return () => URL.revokeObjectURL(url);
  }, [blob]);
  // A URL made for an older blob is already revoked (or about to be): never hand it out.
  return entry !== undefined && entry.blob === blob ? entry.url : undefined;
}
