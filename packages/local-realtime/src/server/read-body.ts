import type { IncomingMessage } from 'node:http';
import { isRecord } from '@switchboard/core/protocol';
import { httpError } from './auth.js';

/** Largest request body the HTTP routes read (SDP offers, mint requests). */
export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * After a 413 the rest of an oversized body is read and discarded, so the client, still sending,
 * gets the answer instead of a connection reset; beyond this much more (or this long) the socket is cut.
 */
const MAX_DISCARDED_BYTES = 64 * 1024 * 1024;
const DISCARD_TIMEOUT_MS = 10_000;

/**
 * Reads a request body of at most `limit` bytes. A larger body rejects with the API's 413 at once
 * (also when `Content-Length` announces it); the rest of it is drained rather than the socket
 * destroyed, so the 413 reaches the client (issue 10: a 2 MiB body got a reset, not the 413).
 */
export function readBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => httpError(413, `Request body too large (limit ${limitText(limit)}).`);
    const announced = Number(request.headers['content-length']);
    if (Number.isFinite(announced) && announced > limit) {
      reject(tooLarge());
      discardRest(request, 0);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      request.off('data', onData);
      request.off('end', onEnd);
      chunks.length = 0;
      reject(tooLarge());
      discardRest(request, size);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', reject);
  });
}

function limitText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

/** Keeps reading (and dropping) what the client still sends; cuts the socket past the bounds. */
function discardRest(request: IncomingMessage, alreadyRead: number): void {
  let discarded = alreadyRead;
  const cut = () => request.socket.destroy();
  const timer = setTimeout(cut, DISCARD_TIMEOUT_MS);
  timer.unref();
  request.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > MAX_DISCARDED_BYTES) cut();
  });
  request.on('end', () => clearTimeout(timer));
  request.on('close', () => clearTimeout(timer));
  request.on('error', () => {});
  request.resume();
}

/** A JSON request body (`{}` when empty); a 400 when it is not JSON. */
export async function readJsonBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const text = (await readBody(request, limit)).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw httpError(
      400,
      'We could not parse the JSON body of your request. The API expects a JSON payload, but what was sent was not valid JSON.',
    );
  }
}

/** A JSON object body (`{}` when empty); a 400 for anything else. */
export async function readJsonObject(
  request: IncomingMessage,
  limit = MAX_BODY_BYTES,
): Promise<Record<string, unknown>> {
  const value = await readJsonBody(request, limit);
  if (isRecord(value)) return value;
  throw httpError(400, 'The body of your request is not a JSON object.');
}
