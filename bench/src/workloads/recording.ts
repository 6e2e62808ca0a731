import { scriptedBrain, startLocalRealtime } from '@switchboard/local-realtime';
import { WebSocket } from 'ws';

/** What local-realtime sent during a short spoken conversation: every server frame, verbatim. */
export interface Recording {
  /** `session.created` and `session.updated`: played once at the start of each session. */
  readonly opening: readonly string[];
  /** The turns (user item echo, then a spoken response with audio and transcript deltas). */
  readonly turns: readonly string[];
}

/** The user's lines and what the scripted model answers to each; long enough for ~10 s of speech. */
const SCRIPT = [
  {
    user: 'Where is my refund for invoice INV-1001?',
    say: 'Your refund for invoice INV-1001 was approved on Monday and will reach your card within five business days.',
  },
  {
    user: 'Can you send me the receipt?',
    say: 'Of course. I have emailed the receipt to the address on your account; it should arrive in a few minutes.',
  },
  {
    user: 'Thanks, that is all.',
    say: 'You are welcome. Have a wonderful day, and call us again whenever you need anything.',
  },
] as const;

/**
 * Records a three-turn spoken conversation from local-realtime (scripted brain, tone voice, `fast`
 * pace: the same frames as real time, only sooner). Audio arrives as ~100 ms PCM16 deltas with the
 * transcript deltas and the item and response events around them, as from the API.
 *
 * @example
 * ```ts
 * const recording = await recordConversation();
 * console.log(recording.turns.length, 'frames');
 * ```
 */
export async function recordConversation(): Promise<Recording> {
  const server = await startLocalRealtime({
    port: 0,
    brain: scriptedBrain({ rules: SCRIPT.map(({ user, say }) => ({ user, say })) }),
    audio: { pace: 'fast', voice: 'tone' },
  });
  try {
    const frames = await converse(server.url);
    const firstTurn = frames.findIndex((frame) => !frame.includes('"type":"session.'));
    return { opening: frames.slice(0, firstTurn), turns: frames.slice(firstTurn) };
  } finally {
    await server.close();
  }
}

function converse(url: string): Promise<string[]> {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  const frames: string[] = [];
  const send = (event: object) => socket.send(JSON.stringify(event));
  let turn = 0;
  const say = () => {
    const line = SCRIPT[turn];
    if (!line) return;
    send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: line.user }] },
    });
    send({ type: 'response.create' });
  };
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.on('message', (data) => {
      const text = String(data);
      // rate_limits.updated follows each response: keep it, it is part of the stream.
      frames.push(text);
      const type = (JSON.parse(text) as { type?: string }).type;
      if (type === 'error') reject(new Error(`local-realtime answered with an error: ${text}`));
      if (type === 'response.done') {
        turn += 1;
        if (turn < SCRIPT.length) say();
        else setTimeout(() => socket.close(1000), 20);
      }
    });
    socket.once('close', () => resolve(frames));
    socket.once('open', () => {
      send({
        type: 'session.update',
        session: { type: 'realtime', output_modalities: ['audio'], audio: { output: { voice: 'alloy' } } },
      });
      say();
    });
  });
}

/**
 * The turns again with item and response ids made unique for repetition `copy`: same length, same
 * bytes otherwise, so a session can ingest the conversation many times and its history still grows
 * as in a long call.
 */
export function renumbered(turns: readonly string[], copy: number): string[] {
  const tag = copy.toString(36).padStart(4, '0');
  return turns.map((frame) => frame.replace(/"((?:item|resp)_[A-Za-z0-9]+?)[A-Za-z0-9]{4}"/g, `"$1${tag}"`));
}
