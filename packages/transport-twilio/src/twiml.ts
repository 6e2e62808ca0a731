import type { IncomingMessage, ServerResponse } from 'node:http';
import { TransportConfigError } from '@switchboard/core';
import twilio from 'twilio';
import { verifyTwilioSignature } from './signature.js';

/** Options of {@link streamTwiml}. */
export interface StreamTwimlOptions {
  /** The media-stream WebSocket, `wss://…` (Twilio takes no query string here: use `parameters`). */
  readonly url: string;
  /** Custom parameters, delivered in the stream's `start` message (`customParameters`). */
  readonly parameters?: Readonly<Record<string, string>>;
}

/**
 * The TwiML that connects a call to a bidirectional media stream: `<Connect><Stream url>` with a
 * `<Parameter>` per custom parameter, built with the official `twilio.twiml.VoiceResponse`. Nothing
 * follows `<Connect>`, so the call ends when the stream does.
 *
 * @example
 * ```ts
 * import { streamTwiml } from '@switchboard/transport-twilio';
 *
 * streamTwiml({ url: 'wss://example.com/twilio/media', parameters: { caller: '+15550100' } });
 * // <?xml …?><Response><Connect><Stream url="wss://example.com/twilio/media"><Parameter name="caller" value="+15550100"/></Stream></Connect></Response>
 * ```
 */
export function streamTwiml(options: StreamTwimlOptions): string {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new TransportConfigError('twilio', 'url', `not a URL: ${JSON.stringify(options.url)}`);
  }
  if (url.protocol !== 'wss:' && url.protocol !== 'ws:')
    throw new TransportConfigError('twilio', 'url', 'expected a wss:// URL');
  if (url.search !== '')
    throw new TransportConfigError(
      'twilio',
      'url',
      'Twilio takes no query string on a stream URL; use parameters',
    );
  const response = new twilio.twiml.VoiceResponse();
  const stream = response.connect().stream({ url: options.url });
  for (const [name, value] of Object.entries(options.parameters ?? {})) stream.parameter({ name, value });
  return response.toString();
}

/** Options of {@link twimlWebhook}. */
export interface TwimlWebhookOptions {
  /** Your Twilio auth token: requests whose `X-Twilio-Signature` does not match get 403. */
  readonly authToken: string;
  /** The public URL of this webhook, exactly as set on the Twilio number (Twilio signs it). */
  readonly url: string;
  /** The stream to connect each call to; `params` are Twilio's (`From`, `To`, `CallSid` …). */
  readonly stream: (params: Readonly<Record<string, string>>) => StreamTwimlOptions;
  /** Largest body accepted (default 64 KiB). */
  readonly maxBodyBytes?: number;
}

/** The voice webhook made by {@link twimlWebhook}, in fetch and Node forms. */
export interface TwimlWebhook {
  handle(request: Request): Promise<Response>;
  readonly listener: (request: IncomingMessage, response: ServerResponse) => void;
}

/**
 * The voice webhook of a Twilio number: checks Twilio's signature with the official validator, then
 * answers with {@link streamTwiml} for the call. A forged request gets 403 and no TwiML.
 *
 * @example
 * ```ts
 * import { twimlWebhook } from '@switchboard/transport-twilio';
 *
 * const voice = twimlWebhook({
 *   authToken: process.env.TWILIO_AUTH_TOKEN ?? '',
 *   url: 'https://example.com/twilio/voice',
 *   stream: (params) => ({ url: 'wss://example.com/twilio/media', parameters: { caller: params.From ?? '' } }),
 * });
 * ```
 */
export function twimlWebhook(options: TwimlWebhookOptions): TwimlWebhook {
  if (!options.authToken)
    throw new TransportConfigError('twilio', 'authToken', 'required to check Twilio signatures');
  const limit = options.maxBodyBytes ?? 64 * 1024;
  const answer = (signature: string | null | undefined, body: string): { status: number; body: string } => {
    const params = Object.fromEntries(new URLSearchParams(body));
    if (!verifyTwilioSignature({ authToken: options.authToken, signature, url: options.url, params })) {
      return { status: 403, body: 'invalid Twilio signature' };
    }
    return { status: 200, body: streamTwiml(options.stream(params)) };
  };
  const contentType = (status: number) => (status === 200 ? 'text/xml' : 'text/plain; charset=utf-8');
  return {
    async handle(request) {
      const body = await request.text();
      if (Buffer.byteLength(body) > limit) return new Response('body too large', { status: 413 });
      const result = answer(request.headers.get('x-twilio-signature'), body);
      return new Response(result.body, {
        status: result.status,
        headers: { 'content-type': contentType(result.status) },
      });
    },
    listener(request, response) {
      const chunks: Buffer[] = [];
      let size = 0;
      request.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= limit) chunks.push(chunk);
      });
      request.on('error', () => response.destroy());
      request.on('end', () => {
        const header = request.headers['x-twilio-signature'];
        const result =
          size > limit
            ? { status: 413, body: 'body too large' }
            : answer(typeof header === 'string' ? header : undefined, Buffer.concat(chunks).toString('utf8'));
        response.writeHead(result.status, { 'content-type': contentType(result.status) }).end(result.body);
      });
    },
  };
}
