import { describe, expect, it } from 'vitest';
import * as cli from '../src/index.js';
import { RecordingReadError } from '../src/index.js';

describe('errors', () => {
  it('RecordingReadError: class, code, the file and why', () => {
    const error = new RecordingReadError('calls/x.jsonl', 'no such file');
    expect(error).toMatchObject({
      name: 'RecordingReadError',
      code: 'unreadable_recording',
      file: 'calls/x.jsonl',
    });
    expect(error.message).toBe('calls/x.jsonl: no such file');
  });

  it('every error class the package exports is pinned above', () => {
    const errors = Object.entries(cli).filter(
      ([, value]) => typeof value === 'function' && value.prototype instanceof Error,
    );
    expect(errors.map(([name]) => name)).toEqual(['RecordingReadError']);
  });
});
