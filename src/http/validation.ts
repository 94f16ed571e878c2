import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

/** The `{id}` path parameter of a route on one resource: an id as the API hands them out. */
export const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 64 } } } as const;

function ajv(options: Options): Ajv {
  const instance = new Ajv({ removeAdditional: false, useDefaults: true, allErrors: false, strict: false, verbose: true, ...options });
  addFormats.default(instance);
  return instance;
}

/**
 * Bodies are validated strictly: unknown fields and wrong types are errors, never coerced or
 * dropped. Query strings and path parameters arrive as text, so only they are coerced.
 */
export function installValidation(app: FastifyInstance): void {
  const strict = ajv({ coerceTypes: false });
  const lenient = ajv({ coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict.compile(schema) : lenient.compile(schema)));
}
