/**
 * Keeps each file's prompts and their undo/redo history in localStorage, so a refresh, a crash or an expired token
 * loses no work (ANCHORS.md §0.7: lost work is a recurring complaint about other annotators). Only prompts are stored:
 * never tokens, never server data. Entries are validated on the way back in; a broken entry is reported and ignored.
 */
import { z } from 'zod';
import type { PromptSet } from './promptSet';

const STORAGE_PREFIX = 'cdf-annotator:prompts:v1:';

const unit = z.number().min(0).max(1);
const promptSetSchema = z.object({
  points: z.array(z.object({ x: unit, y: unit, label: z.union([z.literal(0), z.literal(1)]) })),
  box: z.object({ xMin: unit, yMin: unit, xMax: unit, yMax: unit }).nullable(),
});
const storedFilePromptsSchema = z.object({
  current: promptSetSchema,
  undoStack: z.array(promptSetSchema),
  redoStack: z.array(promptSetSchema),
});

export interface FilePrompts {
  readonly current: PromptSet;
  /** Earlier prompt sets, oldest first; the last entry is what Undo restores. */
  readonly undoStack: readonly PromptSet[];
  /** Undone prompt sets, the last entry is what Redo restores. */
  readonly redoStack: readonly PromptSet[];
}

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

export function saveFilePrompts(scope: string, fileId: number, prompts: FilePrompts): void {
  const store = storage();
  if (!store) return;
  try {
    store.setItem(storageKey(scope, fileId), JSON.stringify(prompts));
  } catch (error) {
    // Quota exceeded or storage blocked: the session still works, only reload-safety is lost, so say so and go on.
    console.warn(`Could not save prompts for file ${fileId}.`, error);
  }
}
