/**
 * View state of the open image's saved annotations: which row is selected (list and canvas share it), whether they
 * are drawn, and the last deletion, so Ctrl+Z right after a delete restores it instead of undoing a prompt.
 */
import { create } from 'zustand';
import type { Annotation, ObjectDetectionCreateItem } from '../../contract';

/** What a delete took away: a saved annotation (re-created on undo) or a save not yet sent (queued again). */
export type DeletedAnnotation = { kind: 'saved'; annotation: Annotation } | { kind: 'unsent'; fileId: number; item: ObjectDetectionCreateItem };

export interface SavedAnnotationsViewState {
  /** `AnnotationRow.key` of the selected row, or null. */
  readonly selectedKey: string | null;
  readonly savedHidden: boolean;
  readonly lastDeleted: DeletedAnnotation | null;
  /** The image on the canvas and its size in pixels (a save simplifies polygons in pixels). */
  readonly shownImage: { readonly fileId: number; readonly widthPx: number; readonly heightPx: number } | null;
  readonly actions: {
    imageShown: (image: { fileId: number; widthPx: number; heightPx: number }) => void;
    annotationSelected: (key: string | null) => void;
    savedVisibilityToggled: () => void;
    annotationDeleted: (deleted: DeletedAnnotation) => void;
    /** Anything else happened (a prompt edit, a save): Ctrl+Z goes back to undoing prompts. */
    deletionUndoExpired: () => void;
  };
}

export const useSavedAnnotationsView = create<SavedAnnotationsViewState>()((set) => ({
  selectedKey: null,
  savedHidden: false,
  lastDeleted: null,
  shownImage: null,
  actions: {
    imageShown: (image) =>
      set((state) =>
        state.shownImage?.fileId === image.fileId && state.shownImage.widthPx === image.widthPx && state.shownImage.heightPx === image.heightPx ? state : { shownImage: image },
      ),
    annotationSelected: (key) => set({ selectedKey: key }),
    savedVisibilityToggled: () => set((state) => ({ savedHidden: !state.savedHidden })),
    annotationDeleted: (deleted) => set({ lastDeleted: deleted }),
    deletionUndoExpired: () => set({ lastDeleted: null }),
  },
}));

export const useSelectedAnnotationKey = (): string | null => useSavedAnnotationsView((s) => s.selectedKey);
export const useSavedHidden = (): boolean => useSavedAnnotationsView((s) => s.savedHidden);
