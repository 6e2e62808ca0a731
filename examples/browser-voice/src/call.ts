import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { RealtimeSession } from '@switchboard/core';
import { createBackOffice } from '@switchboard/example-triage-swarm/src/backend.js';
import {
  DEMO_SCRIPT,
  runConversation,
  type TranscriptEntry,
  transcriptOf,
} from '@switchboard/example-triage-swarm/src/conversation.js';
import { recordCall } from '@switchboard/example-triage-swarm/src/recording.js';
import { supportSwarm } from '@switchboard/example-triage-swarm/src/swarm.js';
import {
  type RelayMode,
  type WebRtcRelayTransport,
  webrtcRelayTransport,
} from '@switchboard/transport-webrtc-relay';
import { filter } from 'rxjs';

/** What the page's transcript panel shows: the triage demo's entries, plus notes and errors. */
export type PanelEntry = TranscriptEntry | { readonly kind: 'note' | 'error'; readonly text: string };

/** Where calls connect and how the server reaches the realtime API. */
export interface CallSettings {
  readonly server: Server;
  readonly allowedOrigins: readonly string[];
  readonly baseURL: string;
  readonly apiKey: string | undefined;
}

/** Refunds are approved by the demo's "operator" (this server), every other approval is declined. */
const approve = (name: string) => name === 'issue_refund';

/**
 * One browser call: a transport the page joins with its token, a session running the triage swarm,
 * and everything the swarm does (tool calls, approvals, handoffs, replies) sent to the page.
 */
export class VoiceCall {
  readonly id = randomBytes(12).toString('hex');
  readonly transport: WebRtcRelayTransport;
  readonly session: RealtimeSession<ReturnType<typeof supportSwarm>['context']>;
  #scriptRunning = false;

  constructor(mode: RelayMode, settings: CallSettings) {
    this.transport = webrtcRelayTransport({
      mode,
      endpoint: settings.server,
      allowedOrigins: settings.allowedOrigins,
      baseURL: settings.baseURL,
      ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
    });
    this.session = new RealtimeSession({
      // The agents speak (audio with its transcript): the caller hears them over WebRTC.
      swarm: supportSwarm(createBackOffice(), { output: 'audio' }),
      // SWITCHBOARD_RECORD=<dir> records the call (as sent on the wire) for `switchboard inspect`.
      transport: recordCall(this.transport, { label: 'browser' }).transport,
    });
    this.#wire();
    this.session.connect().catch((error: unknown) => this.#post({ kind: 'error', text: String(error) }));
  }

  /** A caller's line typed in the page instead of spoken. */
  say(text: string): void {
    this.#post({ kind: 'user', text });
    this.session.sendText(text);
  }

  /** Plays the terminal demo's caller lines, one turn at a time. */
  async playScript(): Promise<void> {
    if (this.#scriptRunning) return;
    this.#scriptRunning = true;
    try {
      await runConversation(this.session, DEMO_SCRIPT, {
        approve,
        // The rest comes from the turns (transcriptOf); these happen outside them.
        onEntry: (entry) => {
          if (entry.kind === 'user' || entry.kind === 'barge_in' || entry.kind === 'filler')
            this.#post(entry);
          else if (entry.kind === 'tool' && entry.interruptedBy) this.#post(entry);
        },
      });
      this.#post({ kind: 'note', text: 'demo script finished' });
    } catch (error) {
      this.#post({ kind: 'error', text: `demo script stopped: ${String(error)}` });
    } finally {
      this.#scriptRunning = false;
    }
  }

  close(): Promise<void> {
    return this.session.close();
  }

  #post(entry: PanelEntry): void {
    this.transport.sendAppMessage(entry);
  }

  #wire(): void {
    const session = this.session;
    transcriptOf(session).subscribe((entry) => this.#post(entry));
    session.toolCalls$.subscribe((event) => {
      if (event.type !== 'approval_requested') return;
      const approved = approve(event.name);
      this.#post({ kind: 'approval', agent: event.agent, name: event.name, approved });
      if (approved) session.approve(event.callId);
      else session.reject(event.callId, 'the operator declined');
    });
    session.events$.pipe(filter((event) => event.type === 'input_audio_buffer.committed')).subscribe(() => {
      this.#post({ kind: 'user', text: '(spoken)' });
    });
    session.errors$.subscribe((error) =>
      this.#post({ kind: 'error', text: `${error.name}: ${error.message}` }),
    );
  }
}
