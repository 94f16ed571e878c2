import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/helpers/backends.js';
import { Harness } from '../../../test/helpers/harness.js';
import { CALLS, INTROSPECTION_FIELDS } from '../src/types.js';

interface Schema {
  $ref?: string;
  properties?: Record<string, { enum?: string[] }>;
}

interface Operation {
  operationId?: string;
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

// The client's hand-written types against the description Gatehouse serves: a renamed path, a
// removed call or a changed introspection field fails here, not in someone's app.
describe('the client against /api/openapi.json', () => {
  let h: Harness;
  let paths: Record<string, Record<string, Operation>>;
  let components: Record<string, Schema>;
  // Named shapes are components the document refers to by $ref.
  const deref = (schema?: Schema) => (schema?.$ref ? components[schema.$ref.replace('#/components/schemas/', '')] : schema);

  beforeAll(async () => {
    h = await Harness.start(backends()[0]!);
    const res = await h.request('GET', '/api/openapi.json');
    expect(res.statusCode).toBe(200);
    paths = res.json().paths;
    components = res.json().components?.schemas ?? {};
  });
  afterAll(() => h?.close());

  it('calls only paths and methods the document has', () => {
    for (const [op, { method, path }] of Object.entries(CALLS)) {
      expect(paths[path]?.[method], `${op}: ${method.toUpperCase()} ${path}`).toBeDefined();
    }
  });

  it('names the revocation stream streamRevocations, an event stream', () => {
    const stream = paths[CALLS.streamRevocations.path]![CALLS.streamRevocations.method]!;
    expect(stream.operationId).toBe('streamRevocations');
    expect(Object.keys(stream.responses?.['200']?.content ?? {})).toEqual(['text/event-stream']);
  });

  it('reads exactly the introspection fields the document describes', () => {
    const schema = deref(paths[CALLS.introspect.path]![CALLS.introspect.method]!.responses?.['200']?.content?.['application/json']?.schema);
    expect(Object.keys(schema?.properties ?? {}).sort()).toEqual([...INTROSPECTION_FIELDS].sort());
    expect(schema?.properties?.role?.enum).toEqual(['agent', 'admin']);
  });
});
