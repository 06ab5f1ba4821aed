import { describe, expect, it } from 'vitest';
import { globalImageStepFor, idAfterStep, listImageStepFor, neighbourIds, steppedIndex, type NavigationKeyEvent } from './imageNavigation';

const key = (value: string, extra: Partial<NavigationKeyEvent> = {}): NavigationKeyEvent => ({
  key: value,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  defaultPrevented: false,
  targetTagName: 'BODY',
  targetIsEditable: false,
  ...extra,
});

describe('image navigation keys', () => {
  it('D / A go to the next / previous image, in either case', () => {
    expect(globalImageStepFor(key('d'))).toBe('next');
    expect(globalImageStepFor(key('D'))).toBe('next');
    expect(globalImageStepFor(key('a'))).toBe('previous');
    expect(globalImageStepFor(key('A', { targetTagName: 'BUTTON' }))).toBe('previous');
  });

  it('never fire while typing, with modifiers, or when the key was handled', () => {
    expect(globalImageStepFor(key('d', { targetTagName: 'INPUT' }))).toBeNull();
    expect(globalImageStepFor(key('d', { targetIsEditable: true }))).toBeNull();
    expect(globalImageStepFor(key('a', { ctrlKey: true }))).toBeNull();
    expect(globalImageStepFor(key('d', { metaKey: true }))).toBeNull();
    expect(globalImageStepFor(key('d', { altKey: true }))).toBeNull();
    expect(globalImageStepFor(key('d', { defaultPrevented: true }))).toBeNull();
  });

  it('the list moves with the arrows, Home and End', () => {
    expect(listImageStepFor(key('ArrowDown'))).toBe('next');
    expect(listImageStepFor(key('ArrowUp'))).toBe('previous');
    expect(listImageStepFor(key('Home'))).toBe('first');
    expect(listImageStepFor(key('End'))).toBe('last');
    expect(listImageStepFor(key('ArrowDown', { altKey: true }))).toBeNull();
    expect(listImageStepFor(key('d'))).toBeNull();
  });
});

describe('stepping through the list', () => {
  it('stops at the ends rather than wrapping', () => {
    expect(steppedIndex(0, 3, 'next')).toBe(1);
    expect(steppedIndex(2, 3, 'next')).toBeNull();
    expect(steppedIndex(0, 3, 'previous')).toBeNull();
    expect(steppedIndex(1, 3, 'first')).toBe(0);
    expect(steppedIndex(2, 3, 'last')).toBeNull();
    expect(steppedIndex(0, 0, 'next')).toBeNull();
  });

  it('starts from the first image when the open one is not listed', () => {
    expect(idAfterStep([10, 20, 30], 99, 'next')).toBe(10);
    expect(idAfterStep([10, 20, 30], null, 'previous')).toBe(10);
    expect(idAfterStep([10, 20, 30], 20, 'previous')).toBe(10);
    expect(idAfterStep([10, 20, 30], 20, 'last')).toBe(30);
  });

  it('names the neighbours of the open image for prefetching', () => {
    expect(neighbourIds([10, 20, 30], 20)).toEqual([10, 30]);
    expect(neighbourIds([10, 20, 30], 10)).toEqual([20]);
    expect(neighbourIds([10, 20, 30], 30)).toEqual([20]);
    expect(neighbourIds([10, 20, 30], 99)).toEqual([]);
    expect(neighbourIds([10, 20, 30], null)).toEqual([]);
  });
});
