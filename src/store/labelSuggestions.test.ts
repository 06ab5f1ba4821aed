import { beforeEach, describe, expect, it } from 'vitest';
import { configuredLabelsReplaced, useLabelSuggestionsStore } from './labelSuggestions';

describe('label suggestions store', () => {
  beforeEach(() => useLabelSuggestionsStore.setState(useLabelSuggestionsStore.getInitialState()));
  it('starts with the first configured label chosen and keeps a chosen label when the labels are replaced', () => {
    configuredLabelsReplaced(['pump', 'valve']);
    expect(useLabelSuggestionsStore.getState().chosenLabel).toBe('pump');
    useLabelSuggestionsStore.getState().actions.labelChosen('pipe');
    configuredLabelsReplaced(['tank']);
    expect(useLabelSuggestionsStore.getState()).toMatchObject({ configuredLabels: ['tank'], chosenLabel: 'pipe' });
  });
});
