/**
 * Cutting text the way a model streams it: word-sized deltas for text, sentences for speech (so the
 * first audio of a streamed answer does not wait for the whole answer).
 */

/**
 * Word-sized deltas: each piece is a word with the whitespace before it, so joining them gives the
 * text back exactly.
 */
export function wordPieces(text: string): string[] {
  const pieces = text.match(/\s*\S+/g) ?? [];
  const trailing = text.length - pieces.join('').length;
  if (trailing > 0 && pieces.length > 0) pieces[pieces.length - 1] += text.slice(text.length - trailing);
  return pieces.length > 0 ? pieces : text.length > 0 ? [text] : [];
}

/** Pieces of at most `size` characters (function-call arguments stream this way). */
export function fixedPieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** The pieces of a brain's message: a string cut into words, or the brain's own stream as it comes. */
export async function* textPieces(source: string | AsyncIterable<string>): AsyncGenerator<string> {
  if (typeof source === 'string') {
    yield* wordPieces(source);
    return;
  }
  for await (const piece of source) if (piece.length > 0) yield piece;
}

const SENTENCE_END = /[.!?]["')\]]*\s+/g;
/** A sentence longer than this is spoken in parts, so speech starts without waiting too long. */
const MAX_SENTENCE = 240;

/**
 * Sentences of a streamed text, each with the spacing that follows it, so joining them gives the
 * text back.
 */
export async function* sentences(source: string | AsyncIterable<string>): AsyncGenerator<string> {
  let buffer = '';
  for await (const piece of textPieces(source)) {
    buffer += piece;
    for (;;) {
      SENTENCE_END.lastIndex = 0;
      const match = SENTENCE_END.exec(buffer);
      let cut = match ? match.index + match[0].length : -1;
      if (cut === -1 && buffer.length > MAX_SENTENCE) {
        const space = buffer.lastIndexOf(' ', MAX_SENTENCE);
        cut = space > 0 ? space + 1 : MAX_SENTENCE;
      }
      if (cut === -1) break;
      yield buffer.slice(0, cut);
      buffer = buffer.slice(cut);
    }
  }
  if (buffer.length > 0) yield buffer;
}
