import type { FileRef } from '../../api/files';
import { ConfigError } from '../../lib/configError';

/** The file named by `fileId` or `fileExternalId` in a query string; a ConfigError when they are malformed. */
export function parseFileParams(params: URLSearchParams): FileRef | null {
  const fileId = params.get('fileId');
  const fileExternalId = params.get('fileExternalId');
  if (fileId !== null && fileExternalId !== null) throw new ConfigError('Give either fileId or fileExternalId, not both.');
  if (fileId !== null) {
    const id = Number(fileId);
    if (!/^\d+$/.test(fileId) || !Number.isSafeInteger(id) || id < 1) {
      throw new ConfigError(`fileId must be a positive integer, got "${fileId}".`);
    }
    return { id };
  }
  if (fileExternalId !== null) {
    if (fileExternalId === '') throw new ConfigError('fileExternalId is empty.');
    return { externalId: fileExternalId };
  }
  return null;
}
