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

  it('follows replaced labels while the user has not chosen one (a portal\'s set-labels after the default)', () => {
    configuredLabelsReplaced(['object']);
    configuredLabelsReplaced(['pump', 'valve']);
    expect(useLabelSuggestionsStore.getState().chosenLabel).toBe('pump');
  });

  it('an emptied field is no choice: the next replacement fills it', () => {
    configuredLabelsReplaced(['object']);
    useLabelSuggestionsStore.getState().actions.labelChosen('');
    configuredLabelsReplaced(['pump']);
    expect(useLabelSuggestionsStore.getState().chosenLabel).toBe('pump');
  });
});
