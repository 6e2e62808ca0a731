import { fileURLToPath } from 'node:url';
import { packageSurfaceMismatches } from '@switchboard/house';
import { expect, it } from 'vitest';

it("the README's surface tables list exactly what each entry point exports, and nothing else", async () => {
  expect(await packageSurfaceMismatches(fileURLToPath(new URL('..', import.meta.url)))).toEqual([]);
});
