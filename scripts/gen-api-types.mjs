// Writes web/src/api-types.gen.ts from the API description of the built server, read from an app
// that never listens. Run through `npm run gen:api-types`, which builds the server first.
import { writeFileSync } from 'node:fs';
import { describeApi } from '../dist/src/describe.js';
import { API_TYPES_FILE, renderApiTypes } from './api-types.mjs';

const file = new URL(`../${API_TYPES_FILE}`, import.meta.url);
writeFileSync(file, await renderApiTypes(await describeApi()));
console.log(`Wrote ${API_TYPES_FILE}.`);
