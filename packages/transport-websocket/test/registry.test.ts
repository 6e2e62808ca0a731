import { createTransport } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { WebSocketTransport } from '../src/index.js';

describe('createTransport', () => {
  it("makes a WebSocketTransport for { type: 'websocket' } once the package is imported", async () => {
    const transport = await createTransport({
      type: 'websocket',
      dialect: 'ga',
      url: 'ws://127.0.0.1:9/v1/realtime',
    });
    expect(transport).toBeInstanceOf(WebSocketTransport);
    await transport.close();
  });
});
