/**
 * The deployment's labels, offered first in the `Label` combobox. Initialised from RuntimeConfig
 * (`annotation.labels` / the `labels` query parameter); an embedding portal may replace them at run time
 * (`annotator:set-labels`), which is why they live in a store and not only in the config context.
 */
import { create } from 'zustand';

export interface LabelSuggestionsState {
  /** Empty until AppProviders puts the configured labels in, before anything renders. */
  readonly configuredLabels: readonly string[];
  readonly actions: {
    configuredLabelsReplaced: (labels: readonly string[]) => void;
  };
}

export const useLabelSuggestionsStore = create<LabelSuggestionsState>()((set) => ({
  configuredLabels: [],
  actions: {
    configuredLabelsReplaced(labels) {
      set({ configuredLabels: [...labels] });
    },
  },
}));

export const useConfiguredLabels = (): readonly string[] => useLabelSuggestionsStore((s) => s.configuredLabels);
/** For non-React callers (the host message handler). */
export const configuredLabelsReplaced = (labels: readonly string[]): void => useLabelSuggestionsStore.getState().actions.configuredLabelsReplaced(labels);
