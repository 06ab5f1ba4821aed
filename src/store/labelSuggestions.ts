/**
 * The deployment's labels, offered first in the `Label` combobox. Initialised from RuntimeConfig
 * (`annotation.labels` / the `labels` query parameter); an embedding portal may replace them at run time
 * (`annotator:set-labels`), which is why they live in a store and not only in the config context.
 */
import { create } from 'zustand';

export interface LabelSuggestionsState {
  /** Empty until AppProviders puts the configured labels in, before anything renders. */
  readonly configuredLabels: readonly string[];
  /** The label in the `Label` field; it stays after a save, so a run of one kind of object needs no retyping. */
  readonly chosenLabel: string;
  readonly actions: {
    configuredLabelsReplaced: (labels: readonly string[]) => void;
    labelChosen: (label: string) => void;
  };
}

export const useLabelSuggestionsStore = create<LabelSuggestionsState>()((set) => ({
  configuredLabels: [],
  chosenLabel: '',
  actions: {
    configuredLabelsReplaced(labels) {
      // The first configured label is the starting choice; a label the user already chose is kept.
      set((state) => ({ configuredLabels: [...labels], chosenLabel: state.chosenLabel === '' ? (labels[0] ?? '') : state.chosenLabel }));
    },
    labelChosen(label) {
      set({ chosenLabel: label });
    },
  },
}));

export const useChosenLabel = (): string => useLabelSuggestionsStore((s) => s.chosenLabel);
export const useConfiguredLabels = (): readonly string[] => useLabelSuggestionsStore((s) => s.configuredLabels);
/** For non-React callers (the host message handler). */
export const configuredLabelsReplaced = (labels: readonly string[]): void => useLabelSuggestionsStore.getState().actions.configuredLabelsReplaced(labels);
