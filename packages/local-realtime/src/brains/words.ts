/**
 * Word handling for the rules brain: lower-case words, a crude stemmer (so "charged", "charges" and
 * "charge" meet) and the small words that carry no intent.
 */

const STOPWORDS = new Set(
  (
    'a an the to for of and or in on at by is are was were be been being i im me my mine you your yours it its ' +
    'this that these those with can could please would will do does did have has had so as what how when where ' +
    'which who whom why up their them they we our us not no yes also just some any all there here from ' +
    'about into over under again then than too very if but because while want need like get got let lets know ' +
    'think thing one two e g eg etc via per whether should may might must shall am he she his her hers him ' +
    'out off more most such own same other only each few both now today morning still since'
  ).split(' '),
);

const COURTESY = new Set(
  'hi hello hey thanks thank thx cheers bye goodbye ok okay great good fine cool perfect alright right sure that s all much lot'.split(
    ' ',
  ),
);

/** Lower-case words of a text (letters and digits; ids such as `INV-1001` stay whole). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z]+-\d+|[\p{L}\p{N}]+/gu) ?? [];
}

/** A crude stem: drops common English endings so inflections compare equal. */
export function stem(word: string): string {
  const stripped = word.replace(/(ing|ed|es|s|e)$/, '');
  return stripped.length >= 3 ? stripped : word;
}

/** Stems of the words that carry meaning (no stopwords, no courtesy words). */
export function contentStems(text: string): string[] {
  return words(text)
    .filter((word) => !STOPWORDS.has(word) && !COURTESY.has(word) && word.length > 1)
    .map(stem);
}

/** Whether a text is only courtesy (thanks, hello, bye …) with no request in it. */
export function isCourtesyOnly(text: string): boolean {
  return contentStems(text).length === 0;
}

/** Splits identifiers: `lookup_invoice`, `invoiceId`, `check-outage` → their words. */
export function identifierWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

/** `lookup_invoice` → `Lookup invoice`. */
export function humanize(name: string): string {
  const text = identifierWords(name).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
