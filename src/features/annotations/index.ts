/** The annotations feature's core, for the UI to compose: labels, save items, project counts, and the outbox. */
export { DEFAULT_SUGGESTION_LIMIT, MAX_LABEL_LENGTH, allLabelSuggestions, filterLabelSuggestions, validateLabel, type LabelCheck, type LabelSuggestionSources } from './labels';
export { buildSaveItems, type SaveItems, type SaveRequest } from './saveItems';
export { annotationCountText, countByFile, usedLabels, withConfirmedWrite } from './projectAnnotations';
export * from './outbox';
