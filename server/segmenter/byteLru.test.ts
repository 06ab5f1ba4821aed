import { describe, expect, it } from 'vitest';
import { ByteLru } from './byteLru';

const sized = (bytes: number) => new Uint8Array(bytes);

describe('ByteLru', () => {
  it('stays within its byte budget, evicting the least recently used first', () => {
    const cache = new ByteLru<Uint8Array>(100, (value) => value.byteLength);
    cache.set('a', sized(40));
    cache.set('b', sized(40));
    expect(cache.get('a')).toBeDefined(); // a is now the most recently used
    cache.set('c', sized(40));
    expect(cache.sizeBytes).toBe(80);
    expect(cache.has('b')).toBe(false);
    expect(cache.has('a')).toBe(true);
    expect(cache.has('c')).toBe(true);
  });

  it('does not keep a value larger than the whole budget, and keeps the others', () => {
    const cache = new ByteLru<Uint8Array>(100, (value) => value.byteLength);
    cache.set('a', sized(30));
    cache.set('huge', sized(101));
    expect(cache.has('huge')).toBe(false);
    expect(cache.has('a')).toBe(true);
    expect(cache.sizeBytes).toBe(30);
  });

  it('replaces a key without counting it twice', () => {
    const cache = new ByteLru<Uint8Array>(100, (value) => value.byteLength);
    cache.set('a', sized(60));
    cache.set('a', sized(70));
    expect(cache.size).toBe(1);
    expect(cache.sizeBytes).toBe(70);
  });

  it('holds at most capacity / entry size embeddings over many inserts', () => {
    const embeddingBytes = 4 * 256 * 64 * 64;
    const cache = new ByteLru<Uint8Array>(3 * embeddingBytes + 10, (value) => value.byteLength);
    for (let index = 0; index < 20; index++) cache.set(`image-${index}`, sized(embeddingBytes));
    expect(cache.size).toBe(3);
    expect(cache.sizeBytes).toBe(3 * embeddingBytes);
    expect([17, 18, 19].every((index) => cache.has(`image-${index}`))).toBe(true);
  });
});
