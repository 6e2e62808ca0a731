import { connectRealtimeCall, type RealtimeCall } from '@switchboard/transport-webrtc-relay/browser';
import type { PanelEntry } from '../call.js';

/* The demo page: starts a call, shows what the swarm does, and offers mute, hang-up and typing. */

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const modeSelect = $<HTMLSelectElement>('mode');
const startButton = $<HTMLButtonElement>('start');
const muteButton = $<HTMLButtonElement>('mute');
const hangupButton = $<HTMLButtonElement>('hangup');
const scriptButton = $<HTMLButtonElement>('script');
const sayForm = $<HTMLFormElement>('say');
const textInput = $<HTMLInputElement>('text');
const statusLine = $<HTMLParagraphElement>('status');
const liveLine = $<HTMLParagraphElement>('live');
const transcript = $<HTMLOListElement>('transcript');
const voice = $<HTMLAudioElement>('voice');

let call: RealtimeCall | undefined;
let callId: string | undefined;

function setConnected(connected: boolean): void {
  startButton.disabled = connected;
  modeSelect.disabled = connected;
  for (const control of [
    muteButton,
    hangupButton,
    scriptButton,
    textInput,
    sayForm.querySelector('button'),
  ]) {
    if (control) control.disabled = !connected;
  }
}

function add(kind: string, who: string, text: string): void {
  const item = document.createElement('li');
  item.dataset.kind = kind;
  const label = document.createElement('span');
  label.className = 'who';
  label.textContent = who;
  item.append(label, text);
  transcript.append(item);
  item.scrollIntoView({ block: 'end' });
}

function show(entry: PanelEntry): void {
  switch (entry.kind) {
    case 'user':
      add('user', 'Caller', entry.text);
      return;
    case 'say':
      liveLine.textContent = '';
      add('say', entry.agent, entry.text);
      return;
    case 'tool':
      add(
        'tool',
        `⚙ ${entry.agent}`,
        `${entry.name}(${entry.arguments || '{}'}) → ${entry.outcome}: ${entry.output}${
          entry.interruptedBy ? ' (finished despite the barge-in)' : ''
        }`,
      );
      return;
    case 'filler':
      add('filler', entry.agent, `… ${entry.text}`);
      return;
    case 'barge_in':
      add('barge_in', '✋ Caller', `barges in while ${entry.during} runs`);
      return;
    case 'approval':
      add('approval', '✔ operator', `${entry.approved ? 'approved' : 'declined'} ${entry.name}`);
      return;
    case 'handoff':
      add('handoff', '↪ handoff', `${entry.from} → ${entry.to}`);
      return;
    case 'note':
      add('note', 'note', entry.text);
      return;
    case 'error':
      add('error', 'error', entry.text);
      return;
  }
}

async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}

startButton.addEventListener('click', async () => {
  startButton.disabled = true;
  statusLine.textContent = 'Connecting…';
  try {
    const made = await post('/api/calls', { mode: modeSelect.value });
    callId = String(made.id);
    call = await connectRealtimeCall({
      url: String(made.url),
      token: String(made.token),
      audioElement: voice,
    });
    statusLine.textContent = `In a call (${call.mode})`;
    setConnected(true);
    call.on('app', (payload) => show(payload as PanelEntry));
    call.on('event', (event) => {
      if (
        event.type === 'response.output_audio_transcript.delta' ||
        event.type === 'response.output_text.delta'
      ) {
        liveLine.textContent += String(event.delta ?? '');
      }
    });
    call.on('error', (error) => add('error', 'error', `${error.code}: ${error.message}`));
    void call.closed.then((end) => {
      statusLine.textContent = `Call ended (${end.by}: ${end.reason})`;
      setConnected(false);
      call = undefined;
    });
  } catch (error) {
    statusLine.textContent = `Could not start the call: ${String(error)}`;
    startButton.disabled = false;
  }
});

muteButton.addEventListener('click', () => {
  if (!call) return;
  if (call.muted) call.unmute();
  else call.mute();
  muteButton.textContent = call.muted ? 'Unmute' : 'Mute';
});

hangupButton.addEventListener('click', () => void call?.hangUp());

scriptButton.addEventListener('click', () => {
  if (callId) void post(`/api/calls/${callId}/script`, {});
});

sayForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = textInput.value.trim();
  if (!text || !callId) return;
  textInput.value = '';
  void post(`/api/calls/${callId}/say`, { text });
});
