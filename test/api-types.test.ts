import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TYPES_FILE, renderApiTypes } from '../scripts/api-types.mjs';
import { backends } from './helpers/backends.js';
import { Harness } from './helpers/harness.js';

describe("the console's generated API types", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start(backends()[0]!);
  });
  afterAll(() => h?.close());

  it('are what the routes describe today', async () => {
    const doc = (await h.request('GET', '/api/openapi.json')).json();
    const expected = await renderApiTypes(doc);
    const committed = readFileSync(new URL(`../${API_TYPES_FILE}`, import.meta.url), 'utf8');
    // Not a diff of 3,000 lines: one sentence that says what to do.
    expect(committed === expected, `${API_TYPES_FILE} is out of date: run npm run gen:api-types and commit it`).toBe(true);
  });
});
