// Lints the API description with redocly's recommended rules, as test/openapi-lint.test.ts does,
// and prints each problem. Run through `npm run lint:openapi`, which builds the server first.
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describeApi } from '../dist/src/describe.js';

const config = await createConfig({ extends: ['recommended'] });
const problems = await lintFromString({ source: JSON.stringify(await describeApi()), absoluteRef: 'openapi.json', config });
for (const p of problems) {
  console.log(`${p.severity} ${p.ruleId}: ${p.message}\n  at ${p.location.map((l) => l.pointer).join(', ')}`);
}
console.log(problems.length === 0 ? 'The API description lints clean.' : `${problems.length} problem(s).`);
process.exitCode = problems.length === 0 ? 0 : 1;
