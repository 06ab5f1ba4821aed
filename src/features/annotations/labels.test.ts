import { describe, expect, it } from 'vitest';
import { MAX_LABEL_LENGTH, allLabelSuggestions, filterLabelSuggestions, validateLabel } from './labels';

describe('validateLabel', () => {
  it('accepts a label and trims surrounding whitespace', () => {
    expect(validateLabel('  pump ')).toEqual({ ok: true, label: 'pump' });
  });

  it('rejects an empty or blank label', () => {
    expect(validateLabel('')).toEqual({ ok: false, message: 'Type a label before saving.' });
    expect(validateLabel('   ')).toEqual({ ok: false, message: 'Type a label before saving.' });
  });

  it('gives a clear message for a 200-character label', () => {
    expect(validateLabel('x'.repeat(200))).toEqual({ ok: false, message: 'A label can have at most 128 characters; this one has 200.' });
  });

  it('accepts exactly the schema limit of 128 characters', () => {
    expect(MAX_LABEL_LENGTH).toBe(128);
    expect(validateLabel('y'.repeat(128)).ok).toBe(true);
    expect(validateLabel('y'.repeat(129)).ok).toBe(false);
  });
});

describe('allLabelSuggestions', () => {
  it('puts configured labels first, then used labels by frequency, deduplicated case-insensitively', () => {
    const suggestions = allLabelSuggestions({
      configured: ['Pump', 'valve'],
      used: ['gauge', 'pump', 'pipe', 'gauge', 'VALVE', 'pipe', 'gauge', 'Flange'],
    });
    expect(suggestions).toEqual(['Pump', 'valve', 'gauge', 'pipe', 'Flange']);
  });

  it('drops blank labels and keeps the first spelling of a used label', () => {
    expect(allLabelSuggestions({ configured: ['', ' object '], used: ['Tank', 'tank', ' '] })).toEqual(['object', 'Tank']);
  });
});

describe('filterLabelSuggestions', () => {
  const suggestions = ['object', 'pump', 'valve', 'heat pump', 'Pump house', 'pipe'];

  it('matches case-insensitively, prefix matches before substring matches', () => {
    expect(filterLabelSuggestions(suggestions, 'PUM')).toEqual(['pump', 'Pump house', 'heat pump']);
  });

  it('returns everything (up to the limit) for an empty query and nothing for no match', () => {
    expect(filterLabelSuggestions(suggestions, '  ')).toEqual(suggestions);
    expect(filterLabelSuggestions(suggestions, '', 2)).toEqual(['object', 'pump']);
    expect(filterLabelSuggestions(suggestions, 'zzz')).toEqual([]);
  });
});
