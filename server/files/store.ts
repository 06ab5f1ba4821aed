/**
 * The files store: FileInfo records in memory, persisted as one JSON document, and each file's bytes in its own blob
 * file. Both are written atomically (temporary file + rename), so a restart after a crash sees a consistent store.
 *
 * Layout under `<dataDir>/files/`: `metadata.json` ({formatVersion, nextId, files}) and `blobs/<id>`.
 *
 * Over 300 lines on purpose: one class owns the metadata document, the blobs and their atomic writes, so the one
 * invariant that matters (the document and the blobs agree after any crash) is checked in one file.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { fileInfoSchema, type FileCreateRequest, type FileInfo, type InstanceId } from '../../contract';
import { CdfHttpError, type CdfLookup } from '../http/errors';
import { removeStaleTemporaryFiles, streamToFileAtomic, writeFileAtomic } from './atomicWrite';

/** `{id}` | `{externalId}` | `{instanceId}`: the ways CDF lets a client name a file. */
export type FileReference = { id: number } | { externalId: string } | { instanceId: InstanceId };

/** What other server modules (segment jobs, icons, downloads) need to know about a stored file. */
export interface ResolvedFile {
  id: number;
  externalId?: string;
  instanceId?: InstanceId;
  name: string;
  mimeType?: string;
  uploaded: boolean;
  /** Absolute path of the bytes; exists when `uploaded` is true. */
  bytesPath: string;
  /** Changes whenever the bytes change (file id + content hash); use it to key decoded-image or thumbnail caches. */
  cacheKey: string;
  sizeBytes?: number;
}

const storedFileSchema = z.object({
  info: fileInfoSchema.loose(),
  sizeBytes: z.number().int().min(0).optional(),
  contentSha256: z.string().optional(),
});
type StoredFile = z.infer<typeof storedFileSchema>;

const metadataDocumentSchema = z.object({
  formatVersion: z.literal(1),
  nextId: z.number().int().min(1),
  files: z.array(storedFileSchema),
});

/**
 * Uploaded files get ids from here up, far from the fixture ids (see fixtures/manifest.ts), and, like CDF's,
 * too large to be mistaken for a small counter.
 */
const FIRST_UPLOAD_ID = 4_000_000_000_001;

/** The message names this many unknown files; `missing` lists them all. */
const MISSING_NAMED_IN_MESSAGE = 10;

export interface FileListQuery {
  filter?: { name?: string; mimeType?: string; externalIdPrefix?: string; uploaded?: boolean };
  limit: number;
  cursor?: string;
}

export interface FileListPage {
  items: FileInfo[];
  nextCursor?: string;
}

export function describeReference(reference: FileReference): string {
  if ('id' in reference) return `id ${reference.id}`;
  if ('externalId' in reference) return `externalId "${reference.externalId}"`;
  return `instanceId ${reference.instanceId.space}/${reference.instanceId.externalId}`;
}

function referenceKey(reference: FileReference): string {
  if ('id' in reference) return `id:${reference.id}`;
  if ('externalId' in reference) return `externalId:${reference.externalId}`;
  return `instanceId:${reference.instanceId.space}\u0000${reference.instanceId.externalId}`;
}

/** The cursor is opaque to clients (CDF says so); it encodes the last id returned so paging is stable under inserts. */
function encodeCursor(lastId: number): string {
  return Buffer.from(`files:${lastId}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^files:(\d{1,16})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const lastId = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  if (!Number.isSafeInteger(lastId)) throw new CdfHttpError(400, 'Invalid cursor: use the nextCursor of a previous response');
  return lastId;
}

export class FileStore {
  private readonly files = new Map<number, StoredFile>();
  private nextId = FIRST_UPLOAD_ID;
  private saving: Promise<void> = Promise.resolve();
  /** Per-file write chains: two PUTs to one file must land bytes and metadata in the same order. */
  private readonly writeChains = new Map<number, Promise<unknown>>();
  /** Told after new bytes landed (the segmenter prepares images ahead of the first click). */
  private readonly uploadListeners: Array<(id: number) => void> = [];

  private constructor(
    private readonly rootDir: string,
    private readonly now: () => number,
  ) {}

  /** Opens (or creates) the store under `<dataDir>/files`. */
  static async open(dataDir: string, now: () => number): Promise<FileStore> {
    const store = new FileStore(path.join(dataDir, 'files'), now);
    await mkdir(store.blobDir, { recursive: true });
    await removeStaleTemporaryFiles(store.rootDir);
    await removeStaleTemporaryFiles(store.blobDir);
    await store.load();
    return store;
  }

  private get blobDir(): string {
    return path.join(this.rootDir, 'blobs');
  }

  private get metadataPath(): string {
    return path.join(this.rootDir, 'metadata.json');
  }

  blobPath(id: number): string {
    return path.join(this.blobDir, String(id));
  }

  private async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.metadataPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new Error(`${this.metadataPath} is not valid JSON (${(error as Error).message}); move it away to start afresh`, {
        cause: error,
      });
    }
    const result = metadataDocumentSchema.safeParse(parsed);
    if (!result.success) {
      throw new Error(`${this.metadataPath} does not hold emulator file metadata: ${result.error.issues[0]?.message ?? ''}`);
    }
    for (const stored of result.data.files) this.files.set(stored.info.id, stored);
    this.nextId = Math.max(FIRST_UPLOAD_ID, result.data.nextId);
  }

  /** Persists the current state; writes are serialized and each writes the latest state. */
  private persist(): Promise<void> {
    const write = async () => {
      const document = { formatVersion: 1, nextId: this.nextId, files: [...this.files.values()] };
      await writeFileAtomic(this.metadataPath, JSON.stringify(document));
    };
    const next = this.saving.then(write, write);
    this.saving = next;
    return next;
  }

  /** Waits for pending metadata writes (used on close). */
  async flush(): Promise<void> {
    await this.saving;
  }

  get size(): number {
    return this.files.size;
  }

  getInfo(id: number): FileInfo | undefined {
    return this.files.get(id)?.info;
  }

  private findStored(reference: FileReference): StoredFile | undefined {
    if ('id' in reference) return this.files.get(reference.id);
    for (const stored of this.files.values()) {
      if ('externalId' in reference) {
        if (stored.info.externalId === reference.externalId) return stored;
      } else if (
        stored.info.instanceId?.space === reference.instanceId.space &&
        stored.info.instanceId.externalId === reference.instanceId.externalId
      ) {
        return stored;
      }
    }
    return undefined;
  }

  private toResolved(stored: StoredFile): ResolvedFile {
    const { info } = stored;
    return {
      id: info.id,
      ...(info.externalId !== undefined ? { externalId: info.externalId } : {}),
      ...(info.instanceId !== undefined ? { instanceId: info.instanceId } : {}),
      name: info.name,
      ...(info.mimeType !== undefined ? { mimeType: info.mimeType } : {}),
      uploaded: info.uploaded,
      bytesPath: this.blobPath(info.id),
      cacheKey: `${info.id}:${stored.contentSha256 ?? 'empty'}`,
      ...(stored.sizeBytes !== undefined ? { sizeBytes: stored.sizeBytes } : {}),
    };
  }

  /** Resolves one reference; undefined when no file matches. */
  resolve(reference: FileReference): ResolvedFile | undefined {
    const stored = this.findStored(reference);
    return stored ? this.toResolved(stored) : undefined;
  }

  /**
   * Resolves references in request order. Unknown ones are a 400 with `missing` (in the form they were given)
   * unless `ignoreUnknownIds`; the same file named twice is a 400 with `duplicated`, as CDF answers.
   */
  resolveMany(references: readonly FileReference[], ignoreUnknownIds = false): ResolvedFile[] {
    const seen = new Set<string>();
    const duplicated: CdfLookup[] = [];
    for (const reference of references) {
      const key = referenceKey(reference);
      if (seen.has(key)) duplicated.push(reference);
      seen.add(key);
    }
    if (duplicated.length > 0) throw new CdfHttpError(400, 'Duplicate file identifiers in request', { duplicated });
    const missing: CdfLookup[] = [];
    const resolved: ResolvedFile[] = [];
    for (const reference of references) {
      const stored = this.findStored(reference);
      if (stored) resolved.push(this.toResolved(stored));
      else missing.push(reference);
    }
    if (missing.length > 0 && !ignoreUnknownIds) {
      const named = missing.slice(0, MISSING_NAMED_IN_MESSAGE).map((r) => describeReference(r as FileReference));
      const more = missing.length - named.length;
      throw new CdfHttpError(400, `Files not found: ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}`, { missing });
    }
    return resolved;
  }

  /** Like resolve, but a miss is a 400 CDF error with `missing: [reference]`. */
  resolveOrThrow(reference: FileReference): ResolvedFile {
    const [resolved] = this.resolveMany([reference]);
    if (!resolved) throw new Error('resolveMany returned no file without throwing');
    return resolved;
  }

  /** Files matching `filter`, ordered by id, one page at a time. */
  list(query: FileListQuery): FileListPage {
    const afterId = query.cursor === undefined ? 0 : decodeCursor(query.cursor);
    const { filter = {} } = query;
    const matching = [...this.files.values()]
      .map((stored) => stored.info)
      .filter(
        (info) =>
          info.id > afterId &&
          (filter.name === undefined || info.name === filter.name) &&
          (filter.mimeType === undefined || info.mimeType === filter.mimeType) &&
          (filter.externalIdPrefix === undefined || (info.externalId ?? '').startsWith(filter.externalIdPrefix)) &&
          (filter.uploaded === undefined || info.uploaded === filter.uploaded),
      )
      .sort((a, b) => a.id - b.id);
    const items = matching.slice(0, query.limit);
    const last = items.at(-1);
    return matching.length > items.length && last ? { items, nextCursor: encodeCursor(last.id) } : { items };
  }

  /**
   * `POST /files`: a new record (uploaded: false), or with `overwrite` and a known externalId, that record's
   * metadata replaced. As CDF documents, the current bytes (and `uploaded`) stay until a new upload succeeds.
   */
  async create(request: FileCreateRequest, overwrite: boolean, fixedId?: number): Promise<FileInfo> {
    const now = this.now();
    const existing = request.externalId === undefined ? undefined : this.findStored({ externalId: request.externalId });
    if (existing && !overwrite) {
      throw new CdfHttpError(409, `A file with externalId "${request.externalId}" already exists`, {
        duplicated: [{ externalId: request.externalId }],
      });
    }
    if (existing) {
      const { info } = existing;
      existing.info = {
        ...request,
        // File-asset links change only when the request names them (CDF's overwrite rule).
        ...(request.assetIds === undefined && info.assetIds !== undefined ? { assetIds: info.assetIds } : {}),
        id: info.id,
        uploaded: info.uploaded,
        ...(info.uploadedTime !== undefined ? { uploadedTime: info.uploadedTime } : {}),
        ...(info.instanceId !== undefined ? { instanceId: info.instanceId } : {}),
        createdTime: info.createdTime,
        lastUpdatedTime: now,
      };
      await this.persist();
      return existing.info;
    }
    const id = fixedId ?? this.nextId++;
    if (this.files.has(id)) throw new Error(`File id ${id} is already taken`);
    const info: FileInfo = { ...request, id, uploaded: false, createdTime: now, lastUpdatedTime: now };
    this.files.set(id, { info });
    await this.persist();
    return info;
  }

  /**
   * Removes the records of these (resolved) files, then their bytes. Metadata goes first: a crash in between leaves
   * an unreferenced blob, never a record whose bytes are gone.
   */
  async remove(ids: readonly number[]): Promise<void> {
    for (const id of ids) this.files.delete(id);
    await this.persist();
    await Promise.all(ids.map((id) => rm(this.blobPath(id), { force: true })));
  }

  /** Calls `listener` with the file id whenever an upload (or seeding) has stored new bytes. */
  onUploaded(listener: (id: number) => void): void {
    this.uploadListeners.push(listener);
  }

  /** Gives a record an instanceId (fixtures only; the public API cannot set one). */
  async setInstanceId(id: number, instanceId: InstanceId): Promise<void> {
    const stored = this.files.get(id);
    if (!stored) throw new Error(`No file with id ${id}`);
    stored.info = { ...stored.info, instanceId };
    await this.persist();
  }

  /**
   * Stores the bytes of file `id` from `source` (at most `limitBytes`), then marks it uploaded. The bytes land
   * atomically; metadata follows only after they did.
   */
  writeBytes(id: number, source: Readable, limitBytes: number): Promise<FileInfo> {
    const previous = this.writeChains.get(id) ?? Promise.resolve();
    const run = async (): Promise<FileInfo> => {
      if (!this.files.has(id)) throw new CdfHttpError(400, `File id ${id} does not exist`, { missing: [{ id }] });
      const hash = createHash('sha256');
      const sizeBytes = await streamToFileAtomic(source, this.blobPath(id), limitBytes, (chunk) => hash.update(chunk));
      const stored = this.files.get(id);
      if (!stored) throw new CdfHttpError(400, `File id ${id} does not exist`, { missing: [{ id }] });
      const now = this.now();
      stored.info = { ...stored.info, uploaded: true, uploadedTime: now, lastUpdatedTime: now };
      stored.sizeBytes = sizeBytes;
      stored.contentSha256 = hash.digest('hex');
      await this.persist();
      for (const listener of this.uploadListeners) listener(id);
      return stored.info;
    };
    const result = previous.then(run, run);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.writeChains.set(id, settled);
    void settled.then(() => {
      if (this.writeChains.get(id) === settled) this.writeChains.delete(id);
    });
    return result;
  }
}
