import { describe, expect, it } from 'vitest';
import { jsonDifferences } from '../src/transport/json-diff.js';

describe('jsonDifferences', () => {
  it('is empty for equal values, whatever the key order', () => {
    expect(jsonDifferences({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toEqual([]);
  });

  it('names each difference by its path, with missing and extra fields', () => {
    const expected = {
      type: 'session.update',
      session: { tools: [{ name: 'a' }, { name: 'b' }], voice: 'marin' },
    };
    const actual = { type: 'session.update', session: { tools: [{ name: 'a' }], instructions: 'x' } };
    expect(jsonDifferences(expected, actual)).toEqual([
      { path: 'session.tools[1]', expected: { name: 'b' }, actual: undefined },
      { path: 'session.voice', expected: 'marin', actual: undefined },
      { path: 'session.instructions', expected: undefined, actual: 'x' },
    ]);
  });

  it('leaves out ignored fields at any depth, and reports a type change at its path', () => {
    const ignore = new Set(['event_id']);
    expect(
      jsonDifferences(
        { event_id: '1', item: { event_id: 'a', n: 1 } },
        { event_id: '2', item: { n: '1' } },
        ignore,
      ),
    ).toEqual([{ path: 'item.n', expected: 1, actual: '1' }]);
    expect(jsonDifferences([1], { 0: 1 })).toEqual([{ path: '', expected: [1], actual: { 0: 1 } }]);
  });
});
