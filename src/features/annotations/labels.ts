/**
 * Labels for the `Label` combobox: what to suggest (the deployment's labels first, then labels already used in the
 * project, most used first) and whether a typed label can be saved (CDF: `data.label` is 1..128 characters).
 */

/** `Annotations.ObjectDetection.label` maxLength in Cognite's schema. */
export const MAX_LABEL_LENGTH = 128;
/** Enough rows for a dropdown without scrolling through a whole project's vocabulary. */
export const DEFAULT_SUGGESTION_LIMIT = 20;

export type LabelCheck = { ok: true; label: string } | { ok: false; message: string };

/**
 * The label as it will be saved (surrounding whitespace removed), or a message saying what is wrong, meant to be shown
 * next to the field as it is.
 */
export function validateLabel(input: string): LabelCheck {
  const label = input.trim();
  if (label === '') return { ok: false, message: 'Type a label before saving.' };
  // Counted in UTF-16 code units, as JavaScript and the contract's zod schema count (an emoji counts 2).
  if (label.length > MAX_LABEL_LENGTH) {
    return { ok: false, message: `A label can have at most ${MAX_LABEL_LENGTH} characters; this one has ${label.length}.` };
  }
  return { ok: true, label };
}

export interface LabelSuggestionSources {
  /** The deployment's labels (config `annotation.labels` or the `labels` query parameter), in their order. */
  configured: readonly string[];
  /** One entry per annotation seen in the project (repeats count: the most used come first). */
  used: Iterable<string>;
}

/**
 * Every label to offer, without the typed filter: configured ones in their order, then used ones by how often they
 * were used (ties alphabetically). Duplicates are dropped case-insensitively, keeping the first spelling, so a
 * configured `Pump` hides a used `pump`.
 */
export function allLabelSuggestions(sources: LabelSuggestionSources): string[] {
  const usedCounts = new Map<string, { label: string; count: number }>();
  for (const raw of sources.used) {
    const label = raw.trim();
    if (label === '') continue;
    const key = label.toLocaleLowerCase();
    const entry = usedCounts.get(key);
    if (entry === undefined) usedCounts.set(key, { label, count: 1 });
    else entry.count += 1;
  }
  const used = [...usedCounts.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)).map((entry) => entry.label);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of [...sources.configured, ...used]) {
    const label = raw.trim();
    const key = label.toLocaleLowerCase();
    if (label === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(label);
  }
  return out;
}

/**
 * Type-ahead: the suggestions matching what was typed, case-insensitively; labels starting with it come before labels
 * merely containing it, each group keeping the order of `suggestions`. An empty query keeps them all.
 */
export function filterLabelSuggestions(suggestions: readonly string[], typed: string, limit: number = DEFAULT_SUGGESTION_LIMIT): string[] {
  const query = typed.trim().toLocaleLowerCase();
  if (query === '') return suggestions.slice(0, limit);
  const prefix: string[] = [];
  const infix: string[] = [];
  for (const label of suggestions) {
    const lower = label.toLocaleLowerCase();
    if (lower.startsWith(query)) prefix.push(label);
    else if (lower.includes(query)) infix.push(label);
  }
  return [...prefix, ...infix].slice(0, limit);
}
