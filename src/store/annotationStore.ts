/**
 * Client state of the annotation loop: each file's prompts with undo/redo history, the prompt revision, and the
 * overlay/candidate view settings. Server state (jobs, results) lives in react-query, never here.
 *
 * Conventions (ARCHITECTURE.md): typed `create<T>()()`, one hook per value, actions in one `actions` object and named
 * as the events they record. Tests reset with `useAnnotationStore.setState(useAnnotationStore.getInitialState(), true)`.
 */
import { create } from 'zustand';
import {
  EMPTY_PROMPT_SET,
  canonicalPromptKey,
  isEmptyPromptSet,
  withBox,
  withPointAdded,
  withPointRemoved,
  type PromptBox,
  type PromptPoint,
  type PromptSet,
} from './promptSet';
import { loadFilePrompts, recordFileUsed, saveFilePrompts, type FilePrompts } from './promptPersistence';

/**
 * Undo history kept per file in memory; older steps are dropped. What survives a reload is bounded further
 * (promptPersistence.ts: MAX_STORED_HISTORY_STEPS, MAX_STORED_FILES).
 */
export const MAX_HISTORY_STEPS = 100;

export const DEFAULT_OVERLAY_OPACITY = 0.45;

export interface ActiveFile {
  readonly fileId: number;
  /** Names the CDF project (base URL + project) so persisted prompts of equal file ids never collide. */
  readonly scope: string;
}

const EMPTY_FILE_PROMPTS: FilePrompts = { current: EMPTY_PROMPT_SET, undoStack: [], redoStack: [] };

export interface AnnotationActions {
  fileOpened: (file: ActiveFile) => void;
  pointPlaced: (point: PromptPoint) => void;
  pointRemoved: (index: number) => void;
  boxDrawn: (box: PromptBox) => void;
  promptsCleared: () => void;
  undoRequested: () => void;
  redoRequested: () => void;
  candidateSelected: (index: number) => void;
  candidateHovered: (index: number | null) => void;
  overlayOpacityChanged: (opacity: number) => void;
  overlayVisibilityToggled: () => void;
  autoSegmentChanged: (enabled: boolean) => void;
  shortcutHelpToggled: () => void;
  storageWarningDismissed: () => void;
}

export interface AnnotationState {
  readonly activeFile: ActiveFile | null;
  /** Keyed by `fileKey(file)`; files opened earlier in the session keep their prompts and history. */
  readonly promptsByFile: Readonly<Record<string, FilePrompts>>;
  /** Bumped on every change of the active prompt set (edit, undo, redo, clear, file switch). */
  readonly revision: number;
  readonly selectedCandidateIndex: number;
  readonly hoveredCandidateIndex: number | null;
  /** Fill opacity of the overlay, 0..1. */
  readonly overlayOpacity: number;
  readonly overlayHidden: boolean;
  /** When on, every prompt change submits a segment job (coalesced by the job scheduler). */
  readonly autoSegment: boolean;
  readonly shortcutHelpOpen: boolean;
  /**
   * `shown` after the first save that could not be stored (storage full even after pruning, or blocked): the user is
   * told once per page session, without blocking anything; `dismissed` once they closed the notice, which then stays
   * closed. The prompts themselves stay in memory either way.
   */
  readonly storageWarning: 'none' | 'shown' | 'dismissed';
  readonly actions: AnnotationActions;
}

export function fileKey(file: ActiveFile): string {
  return `${file.scope}:${file.fileId}`;
}

function capHistory(stack: readonly PromptSet[]): readonly PromptSet[] {
  return stack.length > MAX_HISTORY_STEPS ? stack.slice(stack.length - MAX_HISTORY_STEPS) : stack;
}

export const useAnnotationStore = create<AnnotationState>()((set, get) => {
  const activeFilePrompts = (): FilePrompts => {
    const { activeFile, promptsByFile } = get();
    return activeFile ? (promptsByFile[fileKey(activeFile)] ?? EMPTY_FILE_PROMPTS) : EMPTY_FILE_PROMPTS;
  };

  /** Stores the active file's new prompt history, bumps the revision and persists it. No-op without a file. */
  const commit = (next: FilePrompts): void => {
    const { activeFile, promptsByFile, revision } = get();
    if (!activeFile) return;
    set({
      promptsByFile: { ...promptsByFile, [fileKey(activeFile)]: next },
      revision: revision + 1,
      selectedCandidateIndex: 0,
      hoveredCandidateIndex: null,
    });
    const outcome = saveFilePrompts(activeFile.scope, activeFile.fileId, next);
    if (outcome === 'failed' && get().storageWarning === 'none') set({ storageWarning: 'shown' });
  };

  /** Records an edit: the old prompt set goes on the undo stack and the redo stack is cleared. */
  const edit = (change: (current: PromptSet) => PromptSet): void => {
    const history = activeFilePrompts();
    const next = change(history.current);
    if (canonicalPromptKey(next) === canonicalPromptKey(history.current)) return;
    commit({ current: next, undoStack: capHistory([...history.undoStack, history.current]), redoStack: [] });
  };

  return {
    activeFile: null,
    promptsByFile: {},
    revision: 0,
    selectedCandidateIndex: 0,
    hoveredCandidateIndex: null,
    overlayOpacity: DEFAULT_OVERLAY_OPACITY,
    overlayHidden: false,
    autoSegment: true,
    shortcutHelpOpen: false,
    storageWarning: 'none',
    actions: {
      fileOpened(file) {
        const { activeFile, promptsByFile, revision } = get();
        if (activeFile && fileKey(activeFile) === fileKey(file)) return;
        const key = fileKey(file);
        const known = promptsByFile[key] ?? loadFilePrompts(file.scope, file.fileId) ?? EMPTY_FILE_PROMPTS;
        recordFileUsed(file.scope, file.fileId);
        set({
          activeFile: file,
          promptsByFile: { ...promptsByFile, [key]: known },
          revision: revision + 1,
          selectedCandidateIndex: 0,
          hoveredCandidateIndex: null,
        });
      },
      pointPlaced(point) {
        edit((current) => withPointAdded(current, point));
      },
      pointRemoved(index) {
        edit((current) => withPointRemoved(current, index));
      },
      boxDrawn(box) {
        edit((current) => withBox(current, box));
      },
      promptsCleared() {
        edit(() => EMPTY_PROMPT_SET);
      },
      undoRequested() {
        const history = activeFilePrompts();
        const previous = history.undoStack.at(-1);
        if (!previous) return;
        commit({
          current: previous,
          undoStack: history.undoStack.slice(0, -1),
          redoStack: [...history.redoStack, history.current],
        });
      },
      redoRequested() {
        const history = activeFilePrompts();
        const next = history.redoStack.at(-1);
        if (!next) return;
        commit({
          current: next,
          undoStack: capHistory([...history.undoStack, history.current]),
          redoStack: history.redoStack.slice(0, -1),
        });
      },
      candidateSelected(index) {
        set({ selectedCandidateIndex: Math.max(0, Math.floor(index)) });
      },
      candidateHovered(index) {
        set({ hoveredCandidateIndex: index });
      },
      overlayOpacityChanged(opacity) {
        set({ overlayOpacity: Math.min(1, Math.max(0, opacity)) });
      },
      overlayVisibilityToggled() {
        set({ overlayHidden: !get().overlayHidden });
      },
      autoSegmentChanged(enabled) {
        set({ autoSegment: enabled });
      },
      shortcutHelpToggled() {
        set({ shortcutHelpOpen: !get().shortcutHelpOpen });
      },
      storageWarningDismissed() {
        set({ storageWarning: 'dismissed' });
      },
    },
  };
});

/** The active file's prompt history; a stable empty value when no file is open. */
export function selectActiveFilePrompts(state: AnnotationState): FilePrompts {
  return state.activeFile ? (state.promptsByFile[fileKey(state.activeFile)] ?? EMPTY_FILE_PROMPTS) : EMPTY_FILE_PROMPTS;
}

export const useActiveFile = (): ActiveFile | null => useAnnotationStore((s) => s.activeFile);
export const useActivePrompts = (): PromptSet => useAnnotationStore((s) => selectActiveFilePrompts(s).current);
export const useCanUndo = (): boolean => useAnnotationStore((s) => selectActiveFilePrompts(s).undoStack.length > 0);
export const useCanRedo = (): boolean => useAnnotationStore((s) => selectActiveFilePrompts(s).redoStack.length > 0);
export const useHasPrompts = (): boolean => useAnnotationStore((s) => !isEmptyPromptSet(selectActiveFilePrompts(s).current));
export const usePromptRevision = (): number => useAnnotationStore((s) => s.revision);
export const useSelectedCandidateIndex = (): number => useAnnotationStore((s) => s.selectedCandidateIndex);
export const useHoveredCandidateIndex = (): number | null => useAnnotationStore((s) => s.hoveredCandidateIndex);
export const useOverlayOpacity = (): number => useAnnotationStore((s) => s.overlayOpacity);
export const useOverlayHidden = (): boolean => useAnnotationStore((s) => s.overlayHidden);
export const useAutoSegment = (): boolean => useAnnotationStore((s) => s.autoSegment);
export const useShortcutHelpOpen = (): boolean => useAnnotationStore((s) => s.shortcutHelpOpen);
export const useStorageWarningShown = (): boolean => useAnnotationStore((s) => s.storageWarning === 'shown');
export const useAnnotationActions = (): AnnotationActions => useAnnotationStore((s) => s.actions);
