import { describe, expect, it } from 'vitest';
import { pcmToWire, wireToPcm } from '../src/audio/formats.js';
import { CallerCaptions, createSynthesizer, phoneAudio } from '../src/index.js';

describe('caller captions', () => {
  it('finds the line whose frames are there in order, at any alignment, and not a line that only shares words', async () => {
    const synthesizer = await createSynthesizer({ voice: 'tone' });
    const billing = await phoneAudio('Put me through to billing please.', synthesizer);
    const person = await phoneAudio('I want to talk to a person.', synthesizer);
    const captions = new CallerCaptions();
    captions.register('billing', billing.ulaw);
    captions.register('person', person.ulaw);
    const shifted = Buffer.concat([Buffer.alloc(37, 0xff), person.ulaw, Buffer.alloc(500, 0xff)]);
    expect(captions.lookup(shifted, 'audio/pcmu')).toBe('person');
    expect(captions.lookup(Buffer.concat([billing.ulaw, person.ulaw]), 'audio/pcmu')).toBe('billing person');
    expect(captions.lookup(Buffer.alloc(8000, 0xff), 'audio/pcmu')).toBeUndefined();
  });

  it('matches after the bytes became PCM16 frame by frame, as the SIP carrier feeds a PCM session', async () => {
    const line = await phoneAudio('What is on my invoice?', await createSynthesizer({ voice: 'tone' }));
    const pcm = pcmToWire(wireToPcm(line.ulaw, 'audio/pcmu'), 'audio/pcm');
    const captions = new CallerCaptions();
    captions.register('invoice', line.ulaw);
    expect(captions.lookup(Buffer.concat([Buffer.alloc(2 * 7), pcm]), 'audio/pcm')).toBe('invoice');
  });
});
