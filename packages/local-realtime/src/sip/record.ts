/** Where a simulated SIP call is. */
export type SipCallStatus = 'ringing' | 'accepted' | 'rejected' | 'transferred' | 'ended' | 'unanswered';

/** One thing the agent said on a simulated call: its audio (PCM16, 24 kHz) and transcript. */
export interface AgentUtterance {
  readonly itemId: string;
  transcript: string;
  /** The audio as it arrived, one chunk per delta; join with `concatPcm`. */
  readonly audio: Int16Array[];
}

/** Everything a simulated SIP call recorded, for tests and the CLI. */
export interface SipCallRecord {
  readonly callId: string;
  readonly from: string;
  readonly to: string;
  status: SipCallStatus;
  /** The webhook delivery: the app's HTTP status, or why it could not be delivered. */
  webhook: { status?: number; error?: string };
  /** The session config the app accepted with. */
  acceptedWith?: Readonly<Record<string, unknown>>;
  /** The SIP status code of a reject. */
  rejectedWith?: number;
  /** The `target_uri` of a refer (transfer). */
  referredTo?: string;
  /** Who ended the call: the app (`hangup`/`reject`), the caller, a transfer, or the server shutting down. */
  endedBy?: 'app' | 'caller' | 'transfer' | 'server';
  /** The caller's lines that had text, in order. */
  readonly callerSaid: string[];
  /** What the agent said, in order. */
  readonly agentSaid: AgentUtterance[];
  /** Keys the caller pressed. */
  readonly dtmf: string[];
}
