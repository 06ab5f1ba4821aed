import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { promptPoint } from './promptSet';
import { selectActiveFilePrompts, useAnnotationStore } from './annotationStore';
import {
  MAX_STORED_FILES,
  MAX_STORED_HISTORY_STEPS,
  isQuotaExceededError,
  loadFilePrompts,
  recordFileUsed,
  saveFilePrompts,
  storageKey,
  type FilePrompts,
} from './promptPersistence';
import { EMPTY_PROMPT_SET, type PromptSet } from './promptSet';

const SCOPE = 'http://emulator/demo';
const INDEX_KEY = 'cdf-annotator:prompts-index:v1';

/** A Storage with a quota in characters (keys + values), throwing QuotaExceededError like browsers do. */
class QuotaStorage implements Storage {
  private readonly items = new Map<string, string>();
  constructor(public quotaChars: number) {}
  get length(): number {
    return this.items.size;
  }
  get usedChars(): number {
    let used = 0;
    for (const [key, value] of this.items) used += key.length + value.length;
    return used;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    const previous = this.items.get(key);
    const after = this.usedChars - (previous === undefined ? 0 : key.length + previous.length) + key.length + value.length;
    if (after > this.quotaChars) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.items.set(key, String(value));
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  clear(): void {
    this.items.clear();
  }
}

function useStorage(store: Storage): void {
  Object.defineProperty(window, 'localStorage', { value: store, configurable: true });
}

const point = (i: number): PromptSet => ({ points: [promptPoint((i % 1000) / 1000, 0.5, 1)], box: null });
const withHistory = (undo: number, redo = 0): FilePrompts => ({
  current: point(999),
  undoStack: Array.from({ length: undo }, (_, i) => point(i)),
  redoStack: Array.from({ length: redo }, (_, i) => point(500 + i)),
});
const onePoint: FilePrompts = { current: point(1), undoStack: [EMPTY_PROMPT_SET], redoStack: [] };
const stored = (fileId: number) => loadFilePrompts(SCOPE, fileId);
const storedIndex = () => JSON.parse(window.localStorage.getItem(INDEX_KEY) ?? '{}') as Record<string, number>;

describe('prompt persistence', () => {
  let original: PropertyDescriptor | undefined;
  beforeEach(() => {
    original = Object.getOwnPropertyDescriptor(window, 'localStorage');
    window.localStorage.clear();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    if (original) Object.defineProperty(window, 'localStorage', original);
    else delete (window as { localStorage?: Storage }).localStorage;
    vi.restoreAllMocks();
  });

  it('round-trips a file’s prompts and removes the entry when there is nothing left to restore', () => {
    expect(saveFilePrompts(SCOPE, 1, onePoint)).toBe('saved');
    expect(stored(1)).toEqual(onePoint);
    expect(saveFilePrompts(SCOPE, 1, { current: EMPTY_PROMPT_SET, undoStack: [], redoStack: [] })).toBe('saved');
    expect(window.localStorage.getItem(storageKey(SCOPE, 1))).toBeNull();
    expect(storedIndex()).toEqual({});
  });

  it('writes only the nearest undo and redo steps', () => {
    const prompts = withHistory(MAX_STORED_HISTORY_STEPS + 30, MAX_STORED_HISTORY_STEPS + 5);
    saveFilePrompts(SCOPE, 1, prompts);
    const back = stored(1);
    expect(back?.current).toEqual(prompts.current);
    expect(back?.undoStack).toEqual(prompts.undoStack.slice(-MAX_STORED_HISTORY_STEPS));
    expect(back?.redoStack).toEqual(prompts.redoStack.slice(-MAX_STORED_HISTORY_STEPS));
  });

  it(`keeps at most ${MAX_STORED_FILES} files, dropping the least recently used`, () => {
    for (let id = 1; id <= MAX_STORED_FILES + 5; id += 1) saveFilePrompts(SCOPE, id, onePoint, 1_000 + id);
    for (let id = 1; id <= 5; id += 1) expect(stored(id)).toBeNull();
    for (let id = 6; id <= MAX_STORED_FILES + 5; id += 1) expect(stored(id)).not.toBeNull();
    expect(Object.keys(storedIndex())).toHaveLength(MAX_STORED_FILES);
  });

  it('opening a file makes it recently used, so it outlives files edited before', () => {
    for (let id = 1; id <= MAX_STORED_FILES; id += 1) saveFilePrompts(SCOPE, id, onePoint, 1_000 + id);
    recordFileUsed(SCOPE, 1, 5_000); // file 1 reopened
    recordFileUsed(SCOPE, 9_999, 5_001); // never stored: stays out of the index
    saveFilePrompts(SCOPE, MAX_STORED_FILES + 1, onePoint, 6_000);
    expect(stored(1)).not.toBeNull();
    expect(stored(2)).toBeNull();
    expect(storedIndex()).not.toHaveProperty(storageKey(SCOPE, 9_999));
  });

  it('when storage is full, drops the least recently used other files and keeps the current one whole', () => {
    const store = new QuotaStorage(Number.POSITIVE_INFINITY);
    useStorage(store);
    for (let id = 1; id <= 10; id += 1) saveFilePrompts(SCOPE, id, withHistory(5), 1_000 + id);
    store.quotaChars = store.usedChars + 200; // a little room left
    const big = withHistory(MAX_STORED_HISTORY_STEPS, 5);
    expect(saveFilePrompts(SCOPE, 11, big, 2_000)).toBe('saved');
    expect(stored(11)).toEqual(big);
    expect(stored(1)).toBeNull(); // the oldest went first…
    expect(stored(10)).not.toBeNull(); // …the most recent stayed
    expect(store.usedChars).toBeLessThanOrEqual(store.quotaChars);
  });

  it('entries the index does not know (older versions) are dropped before indexed ones', () => {
    const store = new QuotaStorage(Number.POSITIVE_INFINITY);
    useStorage(store);
    saveFilePrompts(SCOPE, 1, withHistory(5), 1_000);
    store.setItem(storageKey(SCOPE, 77), JSON.stringify(withHistory(5))); // written without the index
    store.quotaChars = store.usedChars + 150; // room for the index to grow, not for a whole entry
    expect(saveFilePrompts(SCOPE, 2, withHistory(5), 2_000)).toBe('saved');
    expect(stored(77)).toBeNull();
    expect(stored(1)).not.toBeNull();
  });

  it('with nothing else to drop, stores the current prompts without their history', () => {
    const store = new QuotaStorage(Number.POSITIVE_INFINITY);
    useStorage(store);
    store.setItem('someone-else', 'x'.repeat(400)); // not ours: never touched
    store.quotaChars = store.usedChars + 400;
    const prompts = withHistory(MAX_STORED_HISTORY_STEPS);
    expect(saveFilePrompts(SCOPE, 1, prompts)).toBe('saved-without-history');
    expect(stored(1)).toEqual({ current: prompts.current, undoStack: [], redoStack: [] });
    expect(store.getItem('someone-else')).toHaveLength(400);
  });

  it('reports a failure when not even the current prompts fit, and leaves other data alone', () => {
    const store = new QuotaStorage(Number.POSITIVE_INFINITY);
    useStorage(store);
    store.setItem('someone-else', 'x'.repeat(400));
    store.quotaChars = store.usedChars + 10;
    expect(saveFilePrompts(SCOPE, 1, onePoint)).toBe('failed');
    expect(store.getItem('someone-else')).toHaveLength(400);
  });

  it('reports a failure when storage refuses writes for another reason', () => {
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    expect(saveFilePrompts(SCOPE, 1, onePoint)).toBe('failed');
  });

  it('rebuilds a broken index from the stored entries', () => {
    saveFilePrompts(SCOPE, 1, onePoint, 1_000);
    window.localStorage.setItem(INDEX_KEY, '{not json');
    saveFilePrompts(SCOPE, 2, onePoint, 2_000);
    expect(storedIndex()).toEqual({ [storageKey(SCOPE, 1)]: 0, [storageKey(SCOPE, 2)]: 2_000 });
  });

  it('recognises quota errors by name and legacy code', () => {
    expect(isQuotaExceededError(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaExceededError(new DOMException('full', 'NS_ERROR_DOM_QUOTA_REACHED'))).toBe(true);
    expect(isQuotaExceededError(new DOMException('no', 'SecurityError'))).toBe(false);
    expect(isQuotaExceededError(new Error('QuotaExceededError'))).toBe(false);
  });
});

describe('annotation store with full storage', () => {
  let original: PropertyDescriptor | undefined;
  beforeEach(() => {
    original = Object.getOwnPropertyDescriptor(window, 'localStorage');
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    useAnnotationStore.setState(useAnnotationStore.getInitialState(), true);
  });
  afterEach(() => {
    if (original) Object.defineProperty(window, 'localStorage', original);
    else delete (window as { localStorage?: Storage }).localStorage;
    vi.restoreAllMocks();
  });

  it('keeps the prompts in memory and tells the user once, until dismissed', () => {
    const store = new QuotaStorage(0); // nothing fits
    useStorage(store);
    const { actions } = useAnnotationStore.getState();
    actions.fileOpened({ fileId: 1, scope: SCOPE });
    actions.pointPlaced(promptPoint(0.2, 0.2, 1));
    expect(useAnnotationStore.getState().storageWarning).toBe('shown');
    actions.pointPlaced(promptPoint(0.4, 0.4, 0));
    expect(selectActiveFilePrompts(useAnnotationStore.getState()).current.points).toHaveLength(2);
    actions.storageWarningDismissed();
    actions.pointPlaced(promptPoint(0.6, 0.6, 1));
    expect(useAnnotationStore.getState().storageWarning).toBe('dismissed');
    actions.undoRequested();
    expect(selectActiveFilePrompts(useAnnotationStore.getState()).current.points).toHaveLength(2);
  });

  it('says nothing when pruning made room', () => {
    const store = new QuotaStorage(Number.POSITIVE_INFINITY);
    useStorage(store);
    for (let id = 1; id <= 5; id += 1) saveFilePrompts(SCOPE, id, withHistory(10), 1_000 + id);
    store.quotaChars = store.usedChars;
    const { actions } = useAnnotationStore.getState();
    actions.fileOpened({ fileId: 9, scope: SCOPE });
    actions.pointPlaced(promptPoint(0.2, 0.2, 1));
    expect(useAnnotationStore.getState().storageWarning).toBe('none');
    expect(stored(9)?.current.points).toHaveLength(1);
  });
});
