import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerEvent, UnknownServerEvent } from '@switchboard/core';
import { concatPcm, encodeWav, generateTone, silence } from '@switchboard/local-realtime';
import { filter, firstValueFrom, ReplaySubject, timeout } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { useBrowserFixture } from './fixture.js';
import { connectInPage, expectNothingOpen, openPage, type PageWindow } from './stack.js';

/** The fake microphone: silence while the call sets up, one second of "speech", then silence (looped). */
function microphoneFile(dir: string): string {
  const rate = 48_000;
  const samples = concatPcm([
    silence(2500, rate),
    generateTone({ durationMs: 1000, frequency: 300, amplitude: 0.3, sampleRate: rate }),
    silence(4000, rate),
  ]);
  const file = join(dir, 'speech.wav');
  writeFileSync(file, encodeWav(samples, rate));
  return file;
}

const fixture = useBrowserFixture({ chromium: { audioFile: microphoneFile }, stack: { voice: true } });

type AnyEvent = ServerEvent | UnknownServerEvent;

describe('audio over WebRTC in Chromium', () => {
  it('hears the microphone through server VAD and plays the model’s voice as an Opus track', async () => {
    const call = fixture.stack.call('sideband', { voice: true });
    // Every event is kept, so waiting for one that already came (in the same burst) still finds it.
    const events = new ReplaySubject<AnyEvent>();
    call.session.events$.subscribe(events);
    const seen: string[] = [];
    call.session.events$.subscribe((event) => seen.push(event.type));
    let consumed = 0;
    const next = async (type: string, ms = 10_000): Promise<AnyEvent> => {
      const from = consumed;
      const found = await firstValueFrom(
        events.pipe(
          filter((event, index) => index >= from && event.type === type),
          timeout(ms),
        ),
      ).catch(() => {
        throw new Error(
          `no ${type} within ${ms} ms; saw: ${seen.filter((t) => !t.endsWith('.delta')).join(', ')}`,
        );
      });
      consumed = seen.indexOf(type, from) + 1;
      return found;
    };
    const page = await openPage(fixture.browser, fixture.stack.pages.origin);
    expect(await connectInPage(page, { url: call.url, token: call.transport.token })).toMatchObject({
      ok: true,
    });

    // The tone in the microphone file is a user turn: VAD start, stop, commit, then an automatic reply.
    await next('input_audio_buffer.speech_started');
    await next('input_audio_buffer.committed');
    const started = await next('output_audio_buffer.started');
    const stopped = await next('output_audio_buffer.stopped');
    expect(stopped).toMatchObject({ response_id: (started as { response_id: string }).response_id });
    expect(seen.indexOf('input_audio_buffer.speech_stopped')).toBeGreaterThan(
      seen.indexOf('input_audio_buffer.speech_started'),
    );
    expect(seen).not.toContain('response.output_audio.delta'); // audio travels on the track, not as events
    const inbound = await page.evaluate(async () => {
      const stats = await (window as unknown as PageWindow).call.peerConnection.getStats();
      let audio = { packets: 0, energy: 0 };
      stats.forEach(
        (report: { type: string; kind?: string; packetsReceived?: number; totalAudioEnergy?: number }) => {
          if (report.type === 'inbound-rtp' && report.kind === 'audio') {
            audio = { packets: report.packetsReceived ?? 0, energy: report.totalAudioEnergy ?? 0 };
          }
        },
      );
      return audio;
    });
    expect(inbound.packets).toBeGreaterThan(25);
    expect(inbound.energy).toBeGreaterThan(0);

    // output_audio_buffer.clear cuts a reply that is playing.
    const playing = next('output_audio_buffer.started');
    call.session.sendText('Say something long, please.');
    await playing;
    const cleared = next('output_audio_buffer.cleared');
    call.session.send({ type: 'output_audio_buffer.clear' });
    expect(await cleared).toMatchObject({ type: 'output_audio_buffer.cleared' });

    await page.evaluate(() => (window as unknown as PageWindow).call.hangUp());
    await expectNothingOpen(page);
    await page.close();
  });
});
