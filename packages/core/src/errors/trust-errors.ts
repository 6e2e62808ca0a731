import type { SessionConfigDifference } from '../session/config-echo.js';
import { ToolCallError } from './tool-errors.js';

/**
 * A call to a `trust: 'model-only'` tool or handoff arrived over a transport whose model events a
 * browser relays (`transport.modelEvents === 'relayed'`), so it may be forged: it was not run (a
 * handoff did not switch the agent). The message is the `function_call_output` the model gets, so it
 * can tell the user this cannot be done here; the same error is on `errors$` and on the call's
 * `tool_end` (`outcome: 'untrusted_call'`).
 *
 * @example
 * ```ts
 * import { type RealtimeSession, UntrustedCallError } from '@switchboard/core';
 *
 * declare const session: RealtimeSession;
 * session.errors$.subscribe((error) => {
 *   if (error instanceof UntrustedCallError) console.warn('refused', error.toolName, error.callId, error.modelEvents);
 * });
 * ```
 */
export class UntrustedCallError extends ToolCallError {
  override readonly name = 'UntrustedCallError';
  readonly code = 'untrusted_call';
  /** The tool's trust level: it needs the model's own word. */
  readonly trust = 'model-only';
  /** Where the call's events came from: a browser relayed them. */
  readonly modelEvents = 'relayed';
  constructor(
    toolName: string,
    callId: string,
    /** A function tool, or a handoff (whose agent switch did not happen). */
    readonly kind: 'function' | 'handoff',
  ) {
    super(
      toolName,
      callId,
      `Error: "${toolName}" was not ${kind === 'handoff' ? 'done' : 'run'}: it is available only on a ` +
        "connection where the server hears the model directly, and this conversation's events are " +
        "relayed by the user's browser. Tell the user you cannot do that here.",
    );
  }
}

/**
 * What a session does when `session.updated` shows a config it did not set (see
 * `onForeignSessionUpdate`), as reported on {@link ForeignSessionUpdateError}:
 *
 * - `reassert`: it sends the active agent's config again (the default);
 * - `hangup`: it hangs up the call;
 * - `report`: nothing more;
 * - `unrestored`: the server still held a foreign config after the session's own re-assert (a
 *   `session.update` the browser raced in, or a value the server will not take back); the session
 *   does not re-assert again until the config changes once more, so it can never loop.
 */
export type ForeignSessionUpdateAction = 'reassert' | 'hangup' | 'report' | 'unrestored';

const ACTION_TEXT: Record<ForeignSessionUpdateAction, string> = {
  reassert: "re-asserting the agent's config",
  hangup: 'hanging up',
  report: 'left as it is (onForeignSessionUpdate: report)',
  unrestored: "it is still there after the agent's config was re-asserted; not re-asserting again",
};

/**
 * On a transport whose realtime session someone else can change too (`sessionControl: 'shared'`: a
 * browser's WebRTC data channel), a `session.updated` carried a config the session did not set for
 * its active agent: another party sent `session.update` (new instructions, tools, tool choice …).
 * `differences` says where; `action` what the session did about it.
 *
 * @example
 * ```ts
 * import { ForeignSessionUpdateError, type RealtimeSession } from '@switchboard/core';
 *
 * declare const session: RealtimeSession;
 * session.errors$.subscribe((error) => {
 *   if (error instanceof ForeignSessionUpdateError)
 *     console.warn(error.agentName, error.differences.map((d) => d.path), error.action);
 * });
 * ```
 */
export class ForeignSessionUpdateError extends Error {
  override readonly name = 'ForeignSessionUpdateError';
  readonly code = 'foreign_session_update';
  constructor(
    /** The agent active when it was seen. */
    readonly agentName: string,
    /** Each field that is not what the session set, with both values. */
    readonly differences: readonly SessionConfigDifference[],
    /** What the session did. */
    readonly action: ForeignSessionUpdateAction,
  ) {
    super(
      `session.updated carries a config that is not agent "${agentName}"'s ` +
        `(${differences.map((difference) => difference.path).join(', ')} differ): ${ACTION_TEXT[action]}`,
    );
  }
}
