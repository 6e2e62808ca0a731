import { z } from 'zod';

/** A header of the SIP INVITE, as the webhook carries it. */
export interface SipHeader {
  readonly name: string;
  readonly value: string;
}

/**
 * An incoming call, from a verified `realtime.call.incoming` webhook. The SIP headers come from the
 * caller's carrier: treat them as claims, not proof (a number can be spoofed).
 */
export interface IncomingCall {
  /** The API's call id: for `calls.accept/reject/refer/hangup` and the `?call_id=` socket. */
  readonly callId: string;
  /** The caller: the user part of the `From` URI, e.g. `+15550100` (undefined when absent). */
  readonly from: string | undefined;
  /** The number called: the user part of the `To` URI, e.g. `+15550199`. */
  readonly to: string | undefined;
  /** Every SIP header of the INVITE, in order. */
  readonly sipHeaders: readonly SipHeader[];
  /** The first header of that name (case-insensitive). */
  header(name: string): string | undefined;
}

/** The part of the webhook event this package reads, checked (a signed body can still be malformed). */
export const IncomingCallDataSchema = z.object({
  call_id: z.string().min(1).max(256),
  sip_headers: z.array(z.object({ name: z.string().max(256), value: z.string().max(8192) })).max(200),
});

/**
 * Reads the call out of the webhook's `data`.
 *
 * @example
 * ```ts
 * import { incomingCall } from '@switchboard/transport-sip';
 *
 * const call = incomingCall({ call_id: 'rtc_1', sip_headers: [{ name: 'From', value: '<sip:+15550100@carrier>' }] });
 * call.from; // '+15550100'
 * ```
 */
export function incomingCall(data: z.infer<typeof IncomingCallDataSchema>): IncomingCall {
  const headers = data.sip_headers;
  const header = (name: string) => headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
  return {
    callId: data.call_id,
    from: uriUser(header('From')),
    to: uriUser(header('To')),
    sipHeaders: headers,
    header,
  };
}

/** `"Name" <sip:+15550100@host>;tag=x` → `+15550100`; `<tel:+15550100>` → `+15550100`. */
function uriUser(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const match = /(?:sips?|tel):([^@;>\s]+)/i.exec(value);
  return match?.[1];
}
