/**
 * Keeps each file's prompts and their undo/redo history in localStorage, so a refresh, a crash or an expired token
 * loses no work (ANCHORS.md §0.7: lost work is a recurring complaint about other annotators). Only prompts are stored:
 * never tokens, never server data. Entries are validated on the way back in; a broken entry is reported and ignored.
 *
 * Bounded, because annotators open hundreds of images a day and localStorage is ~5 MB per origin, shared with the
 * rest of the app:
 * - only files with something to restore are stored (no prompts and no history → the entry is removed);
 * - at most MAX_STORED_FILES files: an index (INDEX_KEY) records when each stored file was last used (opened or
 *   edited), and the least recently used entries are dropped first;
 * - at most MAX_STORED_HISTORY_STEPS undo and redo steps each are written (the store keeps more in memory);
 * - when the browser refuses a write (QuotaExceededError), the least recently used other files are dropped one at a
 *   time and the write retried; if that is not enough, the file is stored without its history, and only if even that
 *   fails is the save reported as failed. The in-memory prompts are never touched by any of this.
 */
import { z } from 'zod';
import { normalizedBox } from '../canvas/coords';
import { promptPoint, type PromptSet } from './promptSet';

const STORAGE_PREFIX = 'cdf-annotator:prompts:v1:';
/** Outside STORAGE_PREFIX, so scans for entries never see it. */
const INDEX_KEY = 'cdf-annotator:prompts-index:v1';

/** Files whose prompts are kept across reloads; the least recently used go first. */
export const MAX_STORED_FILES = 200;
/** Undo steps (and, separately, redo steps) written per file; the nearest steps are kept. */
export const MAX_STORED_HISTORY_STEPS = 20;

const unit = z.number().min(0).max(1);
const promptSetSchema = z.object({
  // Stored prompts were normalized when saved: the schema checks that again and brands them (canvas/coords.ts).
  points: z.array(z.object({ x: unit, y: unit, label: z.union([z.literal(0), z.literal(1)]) }).transform((p) => promptPoint(p.x, p.y, p.label))),
  box: z
    .object({ xMin: unit, yMin: unit, xMax: unit, yMax: unit })
    .transform((b) => normalizedBox(b.xMin, b.yMin, b.xMax, b.yMax))
    .nullable(),
});
const storedFilePromptsSchema = z.object({
  current: promptSetSchema,
  undoStack: z.array(promptSetSchema),
  redoStack: z.array(promptSetSchema),
});
/** Storage key → last use, in ms since the epoch. */
const indexSchema = z.record(z.string(), z.number());
type UsageIndex = Record<string, number>;

export interface FilePrompts {
  readonly current: PromptSet;
  /** Earlier prompt sets, oldest first; the last entry is what Undo restores. */
  readonly undoStack: readonly PromptSet[];
  /** Undone prompt sets, the last entry is what Redo restores. */
  readonly redoStack: readonly PromptSet[];
}

/**
 * - `saved`: the prompts and their (bounded) history are stored, possibly after dropping other files;
 * - `saved-without-history`: only the current prompts could be stored;
 * - `failed`: nothing could be stored (the previous entry, if any, stays);
 * - `unavailable`: there is no storage at all (blocked, or not a browser) — nothing to tell the user about again.
 */
export type SaveOutcome = 'saved' | 'saved-without-history' | 'failed' | 'unavailable';

/** `scope` names the CDF project (base URL + project), so equal file ids in two projects do not collide. */
export function storageKey(scope: string, fileId: number): string {
  return `${STORAGE_PREFIX}${scope}:${fileId}`;
}

function storage(): Storage | null {
  // Storage can be missing (SSR, tests) or throw on access (sandboxed iframes with storage blocked).
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch (error) {
    console.warn('Prompt persistence is unavailable; prompts will not survive a reload.', error);
    return null;
  }
}

export function isQuotaExceededError(error: unknown): boolean {
  if (!(error instanceof DOMException)) return false;
  // 22: Chromium/WebKit legacy code, 1014: Firefox (NS_ERROR_DOM_QUOTA_REACHED).
  return error.name === 'QuotaExceededError' || error.name === 'NS_ERROR_DOM_QUOTA_REACHED' || error.code === 22 || error.code === 1014;
}

/** Every prompt entry in storage, whether or not the index knows it (entries of older versions, other tabs). */
function storedEntryKeys(store: Storage): string[] {
  const keys: string[] = [];
  for (let i = 0; i < store.length; i += 1) {
    const key = store.key(i);
    if (key?.startsWith(STORAGE_PREFIX)) keys.push(key);
  }
  return keys;
}

/**
 * The usage index. A missing or broken index is rebuilt from the entries in storage; `reconcile` also adds entries
 * the index does not know (they count as least recently used) and forgets entries that are gone.
 */
function readIndex(store: Storage, reconcile = false): UsageIndex {
  let index: UsageIndex | null = null;
  try {
    const raw = store.getItem(INDEX_KEY);
    if (raw !== null) {
      const parsed = indexSchema.safeParse(JSON.parse(raw));
      if (parsed.success) index = { ...parsed.data };
    }
  } catch {
    // A broken index is rebuilt below.
  }
  if (index !== null && !reconcile) return index;
  const known = index ?? {};
  const rebuilt: UsageIndex = {};
  for (const key of storedEntryKeys(store)) rebuilt[key] = known[key] ?? 0;
  return rebuilt;
}

const writeIndex = (store: Storage, index: UsageIndex): void => store.setItem(INDEX_KEY, JSON.stringify(index));

/** Keys of `index` other than `keep`, least recently used first. */
function evictionOrder(index: UsageIndex, keep: string): string[] {
  return Object.entries(index)
    .filter(([key]) => key !== keep)
    .sort(([, a], [, b]) => a - b)
    .map(([key]) => key);
}

function evict(store: Storage, index: UsageIndex, key: string): void {
  store.removeItem(key);
  delete index[key];
}

const lastSteps = (stack: readonly PromptSet[], steps: number): readonly PromptSet[] => (steps <= 0 ? [] : stack.slice(-steps));

function serialize(prompts: FilePrompts, historySteps: number): string {
  return JSON.stringify({
    current: prompts.current,
    undoStack: lastSteps(prompts.undoStack, historySteps),
    redoStack: lastSteps(prompts.redoStack, historySteps),
  });
}

const hasNothingToRestore = (prompts: FilePrompts): boolean =>
  prompts.current.points.length === 0 && prompts.current.box === null && prompts.undoStack.length === 0 && prompts.redoStack.length === 0;

export function loadFilePrompts(scope: string, fileId: number): FilePrompts | null {
  const store = storage();
  if (!store) return null;
  const raw = store.getItem(storageKey(scope, fileId));
  if (raw === null) return null;
  try {
    const parsed = storedFilePromptsSchema.safeParse(JSON.parse(raw));
    if (parsed.success) return parsed.data;
    console.warn(`Ignoring stored prompts for file ${fileId}: ${parsed.error.message}`);
  } catch (error) {
    console.warn(`Ignoring unreadable stored prompts for file ${fileId}.`, error);
  }
  return null;
}

/** Records that a file was opened, so its stored prompts count as recently used. Best effort. */
export function recordFileUsed(scope: string, fileId: number, now: number = Date.now()): void {
  const store = storage();
  if (!store) return;
  const key = storageKey(scope, fileId);
  try {
    const index = readIndex(store);
    if (!(key in index)) return; // nothing stored for this file: nothing to keep fresh
    index[key] = now;
    writeIndex(store, index);
  } catch (error) {
    // Only the eviction order suffers; the next save retries with pruning.
    console.warn(`Could not record the use of file ${fileId}.`, error);
  }
}

export function saveFilePrompts(scope: string, fileId: number, prompts: FilePrompts, now: number = Date.now()): SaveOutcome {
  const store = storage();
  // No window: not a browser (tests, tools). A window whose storage throws: blocked, so the prompts are not kept.
  if (!store) return typeof window === 'undefined' ? 'unavailable' : 'failed';
  const key = storageKey(scope, fileId);
  try {
    let index = readIndex(store);
    if (hasNothingToRestore(prompts)) {
      store.removeItem(key);
      if (key in index) {
        delete index[key];
        writeIndex(store, index);
      }
      return 'saved';
    }
    index[key] = now;
    // The cap: drop the least recently used files beyond it (this file is the most recent, so it stays).
    const overCap = Object.keys(index).length - MAX_STORED_FILES;
    if (overCap > 0) for (const old of evictionOrder(index, key).slice(0, overCap)) evict(store, index, old);

    let reconciled = false;
    /** Full: look for entries the index missed (once), then drop the least recently used other file. */
    const dropOldest = (): boolean => {
      if (!reconciled) {
        index = { ...readIndex(store, true), [key]: now };
        reconciled = true;
      }
      const oldest = evictionOrder(index, key)[0];
      if (oldest === undefined) return false;
      evict(store, index, oldest);
      return true;
    };
    for (const [historySteps, outcome] of [
      [MAX_STORED_HISTORY_STEPS, 'saved'],
      [0, 'saved-without-history'],
    ] as const) {
      const value = serialize(prompts, historySteps);
      let stored = false;
      for (;;) {
        try {
          store.setItem(key, value);
          stored = true;
          break;
        } catch (error) {
          if (!isQuotaExceededError(error)) throw error;
          if (!dropOldest()) break;
        }
      }
      if (!stored) continue; // nothing else to drop: try a smaller entry
      for (;;) {
        try {
          writeIndex(store, index);
          break;
        } catch (error) {
          // The entry is stored; an index that could not be written is rebuilt from the entries later.
          if (!isQuotaExceededError(error)) throw error;
          if (!dropOldest()) break;
        }
      }
      return outcome;
    }
    console.warn(`Could not save prompts for file ${fileId}: the browser's storage is full.`);
    return 'failed';
  } catch (error) {
    // Storage blocked or broken: the session still works, only reload-safety is lost, so say so and go on.
    console.warn(`Could not save prompts for file ${fileId}.`, error);
    return 'failed';
  }
}
