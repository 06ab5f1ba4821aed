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
  /** True once the user typed or picked the label; until then it follows the configured labels. */
  readonly labelChosenByUser: boolean;
  readonly actions: {
    configuredLabelsReplaced: (labels: readonly string[]) => void;
    labelChosen: (label: string) => void;
  };
}

export const useLabelSuggestionsStore = create<LabelSuggestionsState>()((set) => ({
  configuredLabels: [],
  chosenLabel: '',
  labelChosenByUser: false,
  actions: {
    configuredLabelsReplaced(labels) {
      // A label the user chose is kept. Otherwise the first configured label becomes the choice, also when a portal
      // replaces the labels: keeping the old default ("object") would quietly save everything under a label the
      // portal no longer offers.
      set((state) => {
        const keep = state.labelChosenByUser && state.chosenLabel.trim() !== '';
        return { configuredLabels: [...labels], chosenLabel: keep ? state.chosenLabel : (labels[0] ?? ''), labelChosenByUser: keep };
      });
    },
    labelChosen(label) {
      set({ chosenLabel: label, labelChosenByUser: true });
    },
  },
}));

export const useChosenLabel = (): string => useLabelSuggestionsStore((s) => s.chosenLabel);
export const useConfiguredLabels = (): readonly string[] => useLabelSuggestionsStore((s) => s.configuredLabels);
/** For non-React callers (the host message handler). */
export const configuredLabelsReplaced = (labels: readonly string[]): void => useLabelSuggestionsStore.getState().actions.configuredLabelsReplaced(labels);
