// Renders the console's API types from the API description with openapi-typescript. Shared by
// scripts/gen-api-types.mjs, which writes the file, and test/api-types.test.ts, which checks that
// the committed file is what the routes describe today.
import openapiTS, { astToString } from 'openapi-typescript';

/** Where the generated types live, from the repository's root. */
export const API_TYPES_FILE = 'web/src/api-types.gen.ts';

const HEADER = `// Generated from the API description (/api/openapi.json) by \`npm run gen:api-types\`.
// Do not edit: change the route schemas in src/ and run it again; a test fails while this file
// differs from what the routes describe.

`;

/** The text of web/src/api-types.gen.ts for this API description. */
export async function renderApiTypes(document) {
  const ast = await openapiTS(document, { alphabetize: false, exportType: false });
  return HEADER + astToString(ast);
}
