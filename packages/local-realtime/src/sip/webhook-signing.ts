import { createHmac, randomBytes } from 'node:crypto';

/** The three Standard Webhooks headers OpenAI sends with every webhook delivery. */
export interface WebhookHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

/**
 * Signs a webhook body the way OpenAI does (Standard Webhooks): HMAC-SHA256 over
 * `{webhook-id}.{webhook-timestamp}.{body}`, keyed with the secret (a `whsec_…` secret is the
 * base64 of the key; any other string is the key itself), sent as `v1,<base64>`. The official SDK's
 * `client.webhooks.unwrap()` accepts what this produces.
 *
 * @example
 * ```ts
 * import { signWebhook } from '@switchboard/local-realtime';
 *
 * declare const url: string;
 * const event = { object: 'event', type: 'realtime.call.incoming', data: { call_id: 'rtc_1' } };
 * const body = JSON.stringify(event);
 * const headers = signWebhook('whsec_c2VjcmV0', body);
 * await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
 * ```
 */
export function signWebhook(
  secret: string,
  body: string,
  options: { readonly id?: string; readonly timestampSeconds?: number } = {},
): WebhookHeaders {
  const id = options.id ?? `wh_${randomBytes(16).toString('hex')}`;
  const timestamp = String(options.timestampSeconds ?? Math.floor(Date.now() / 1000));
  const key = secret.startsWith('whsec_')
    ? Buffer.from(secret.slice('whsec_'.length), 'base64')
    : Buffer.from(secret, 'utf8');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
