/**
 * The annotations store: every annotation in memory, persisted as one JSON document written atomically (temporary
 * file + rename, files/atomicWrite.ts) before a request is answered, so an answered write survives a crash or restart
 * and an answer lost on the way back (fault `afterProcessing`) still leaves the work done.
 *
 * Layout: `<dataDir>/annotations/annotations.json` = {formatVersion, nextId, annotations}. Writes are all-or-nothing
 * per request: every item is checked before any is applied, as CDF does.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import {
  annotationDataSchemas,
  annotationSchema,
  type AnnotatedResourceReference,
  type Annotation,
  type AnnotationCreateItem,
  type AnnotationFilter,
  type AnnotationUpdateItem,
} from '../../contract';
import { removeStaleTemporaryFiles, writeFileAtomic } from '../files/atomicWrite';
import type { FileStore } from '../files/store';
import { CdfHttpError, type CdfLookup } from '../http/errors';
import { formatZodError } from '../http/validation';
import { matchesSubset } from './subset';

const documentSchema = z.object({
  formatVersion: z.literal(1),
  nextId: z.number().int().min(1),
  annotations: z.array(annotationSchema),
});

/** Annotation ids, like CDF's, are large and unrelated to file ids. */
const FIRST_ANNOTATION_ID = 7_000_000_000_001;
/** The message names this many unknown ids; `missing` lists them all. */
const NAMED_IN_MESSAGE = 10;

/** `nextCursor` only when there is a next page (the spec's `nullable` does not reach its `allOf`, so null is off-schema). */
export interface AnnotationPage {
  items: Annotation[];
  nextCursor?: string;
}

/** Opaque to clients; it encodes the last id returned so paging is stable while annotations are added. */
function encodeCursor(lastId: number): string {
  return Buffer.from(`annotations:${lastId}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^annotations:(\d{1,16})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const lastId = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  if (!Number.isSafeInteger(lastId)) throw new CdfHttpError(400, 'cursor: invalid; use the nextCursor of a previous response');
  return lastId;
}

/** 400 with `duplicated` when an id appears twice, as CDF answers. */
function rejectDuplicates(ids: readonly number[]): void {
  const seen = new Set<number>();
  const duplicated: CdfLookup[] = [];
  for (const id of ids) {
    if (seen.has(id)) duplicated.push({ id });
    seen.add(id);
  }
  if (duplicated.length > 0) {
    throw new CdfHttpError(400, `items: duplicate annotation ids ${duplicated.map(({ id }) => String(id)).join(', ')}`, {
      duplicated,
    });
  }
}

export class AnnotationStore {
  private readonly annotations = new Map<number, Annotation>();
  private nextId = FIRST_ANNOTATION_ID;
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    private readonly rootDir: string,
    private readonly now: () => number,
    private readonly files: FileStore,
  ) {}

  /** Opens (or creates) the store under `<dataDir>/annotations`; `files` answers whether an annotated file exists. */
  static async open(dataDir: string, now: () => number, files: FileStore): Promise<AnnotationStore> {
    const store = new AnnotationStore(path.join(dataDir, 'annotations'), now, files);
    await mkdir(store.rootDir, { recursive: true });
    await removeStaleTemporaryFiles(store.rootDir);
    await store.load();
    return store;
  }

  private get documentPath(): string {
    return path.join(this.rootDir, 'annotations.json');
  }

  private async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.documentPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new Error(`${this.documentPath} is not valid JSON (${(error as Error).message}); move it away to start afresh`, {
        cause: error,
      });
    }
    const result = documentSchema.safeParse(parsed);
    if (!result.success) {
      throw new Error(`${this.documentPath} does not hold emulator annotations: ${formatZodError(result.error)}`);
    }
    for (const annotation of result.data.annotations) this.annotations.set(annotation.id, annotation);
    this.nextId = Math.max(FIRST_ANNOTATION_ID, result.data.nextId);
  }

  /** Persists the current state; writes are serialized and each writes the latest state. */
  private persist(): Promise<void> {
    const write = async () => {
      const document = { formatVersion: 1, nextId: this.nextId, annotations: [...this.annotations.values()] };
      await writeFileAtomic(this.documentPath, JSON.stringify(document));
    };
    const next = this.saving.then(write, write);
    this.saving = next;
    return next;
  }

  async flush(): Promise<void> {
    await this.saving;
  }

  get(id: number): Annotation | undefined {
    return this.annotations.get(id);
  }

  /** Creates every item or none; an item whose annotated resource does not exist is a 400 naming it. */
  async create(items: readonly AnnotationCreateItem[]): Promise<Annotation[]> {
    const missing: CdfLookup[] = [];
    const where: string[] = [];
    items.forEach((item, index) => {
      // The emulator holds files only; a threedmodel id can never resolve.
      if (item.annotatedResourceType !== 'file' || this.files.getInfo(item.annotatedResourceId) === undefined) {
        missing.push({ id: item.annotatedResourceId });
        where.push(`items[${index}].annotatedResourceId: no ${item.annotatedResourceType} with id ${item.annotatedResourceId}`);
      }
    });
    if (missing.length > 0) throw new CdfHttpError(400, summarize(where), { missing });
    const now = this.now();
    const created = items.map((item): Annotation => ({ ...item, id: this.nextId++, createdTime: now, lastUpdatedTime: now }));
    for (const annotation of created) this.annotations.set(annotation.id, annotation);
    await this.persist();
    return created;
  }

  /** The annotations with these ids, in request order; unknown ids are a 400 with `missing` unless ignored. */
  byIds(ids: readonly number[], ignoreUnknownIds = false): Annotation[] {
    rejectDuplicates(ids);
    const unknown = ids.filter((id) => !this.annotations.has(id));
    if (unknown.length > 0 && !ignoreUnknownIds) throw notFound(unknown);
    return ids.flatMap((id) => this.annotations.get(id) ?? []);
  }

  /**
   * Applies every update or none. New data is checked against the annotation's type after the update (the new type
   * when one is set, else the stored one), so changing only the type re-checks the stored data too.
   */
  async update(items: readonly AnnotationUpdateItem[]): Promise<Annotation[]> {
    const current = this.byIds(items.map((item) => item.id));
    const problems: string[] = [];
    const updated = items.map(({ update }, index): Annotation => {
      const existing = current[index];
      if (!existing) throw new Error(`update: annotation ${items[index]?.id} vanished between lookup and update`);
      const annotationType = update.annotationType?.set ?? existing.annotationType;
      const data = update.data?.set ?? existing.data;
      const schema = Object.hasOwn(annotationDataSchemas, annotationType)
        ? annotationDataSchemas[annotationType as keyof typeof annotationDataSchemas]
        : undefined;
      if (!schema) {
        problems.push(`items[${index}].update.annotationType.set: ${annotationType} is not modelled by the emulator`);
      } else {
        const result = schema.safeParse(data);
        if (!result.success && update.data) {
          problems.push(formatZodError(prefixed(result.error, ['items', index, 'update', 'data', 'set'])));
        } else if (!result.success) {
          problems.push(
            `items[${index}].update.annotationType.set: the annotation's data does not fit ${annotationType} (` +
              `${formatZodError(result.error)}); set data in the same update`,
          );
        }
      }
      return {
        ...existing,
        annotationType,
        data,
        status: update.status?.set ?? existing.status,
        lastUpdatedTime: this.now(),
      };
    });
    if (problems.length > 0) throw new CdfHttpError(400, summarize(problems));
    for (const annotation of updated) this.annotations.set(annotation.id, annotation);
    await this.persist();
    return updated;
  }

  /** Deletes every listed annotation or none (unknown ids are a 400 with `missing`). */
  async delete(ids: readonly number[]): Promise<void> {
    this.byIds(ids);
    for (const id of ids) this.annotations.delete(id);
    await this.persist();
  }

  /** Removes the annotations of a file that no longer exists; returns how many went. */
  async deleteForFile(fileId: number): Promise<number> {
    const doomed = [...this.annotations.values()].filter(
      (annotation) => annotation.annotatedResourceType === 'file' && annotation.annotatedResourceId === fileId,
    );
    for (const annotation of doomed) this.annotations.delete(annotation.id);
    if (doomed.length > 0) await this.persist();
    return doomed.length;
  }

  /** One page of the annotations matching `filter`, ordered by id. */
  list(filter: AnnotationFilter, limit: number, cursor?: string | null): AnnotationPage {
    const afterId = cursor === undefined || cursor === null ? 0 : decodeCursor(cursor);
    const resourceIds = new Set(filter.annotatedResourceIds.flatMap((reference) => this.resourceIdOf(reference, filter)));
    const matching = [...this.annotations.values()]
      .filter(
        (annotation) =>
          annotation.id > afterId &&
          annotation.annotatedResourceType === filter.annotatedResourceType &&
          resourceIds.has(annotation.annotatedResourceId) &&
          (filter.annotationType === undefined || annotation.annotationType === filter.annotationType) &&
          (filter.creatingApp === undefined || annotation.creatingApp === filter.creatingApp) &&
          (filter.creatingAppVersion === undefined || annotation.creatingAppVersion === filter.creatingAppVersion) &&
          (filter.creatingUser === undefined || annotation.creatingUser === filter.creatingUser) &&
          (filter.status === undefined || annotation.status === filter.status) &&
          (filter.data === undefined || matchesSubset(annotation.data, filter.data)),
      )
      .sort((a, b) => a.id - b.id);
    const items = matching.slice(0, limit);
    const last = items.at(-1);
    return matching.length > items.length && last ? { items, nextCursor: encodeCursor(last.id) } : { items };
  }

  /**
   * A filter's `{id}` is taken as is; an `{externalId}` names a file by its externalId. A reference that names
   * nothing matches nothing (an unknown file has no annotations) rather than failing the listing.
   */
  private resourceIdOf(reference: AnnotatedResourceReference, filter: AnnotationFilter): number[] {
    if ('id' in reference) return [reference.id];
    if (filter.annotatedResourceType !== 'file') return [];
    const file = this.files.resolve({ externalId: reference.externalId });
    return file ? [file.id] : [];
  }
}

/** The same problems, their paths placed under `prefix`, so the message names the field from the request's root. */
function prefixed(error: z.ZodError, prefix: ReadonlyArray<string | number>): z.ZodError {
  return new z.ZodError(error.issues.map((issue) => ({ ...issue, path: [...prefix, ...issue.path] })));
}

function notFound(ids: readonly number[]): CdfHttpError {
  const named = ids.slice(0, NAMED_IN_MESSAGE).join(', ');
  const more = ids.length > NAMED_IN_MESSAGE ? ` and ${ids.length - NAMED_IN_MESSAGE} more` : '';
  return new CdfHttpError(400, `Annotations not found: id ${named}${more}`, { missing: ids.map((id) => ({ id })) });
}

function summarize(problems: readonly string[]): string {
  const shown = problems.slice(0, NAMED_IN_MESSAGE);
  const hidden = problems.length - shown.length;
  return hidden > 0 ? `${shown.join('; ')}; and ${hidden} more` : shown.join('; ');
}
