/** The parts of an Ajv error this module reads (compiled with `verbose: true`). */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  parentSchema?: Record<string, unknown>;
}

const PART: Record<string, string> = { body: 'field', querystring: 'query parameter', params: 'path parameter', headers: 'header' };

const TYPE_NAMES: Record<string, string> = {
  boolean: 'true or false',
  integer: 'a whole number',
  number: 'a number',
  string: 'a string',
  array: 'a list',
  object: 'an object',
  null: 'null',
};

const FORMATS: Record<string, string> = {
  email: 'an email address',
  'date-time': 'an ISO 8601 date-time such as 2026-11-23T15:00:00Z',
  date: 'a date such as 2026-11-23',
  uri: 'a URL',
};

/**
 * Turns a schema refusal into a sentence a person can act on: which field, and what it must
 * be. Ajv's own wording ("querystring.session must be equal to one of the allowed values")
 * names neither the allowed values nor, for a pattern, anything a person can read.
 */
export function validationMessage(errors: readonly SchemaError[], context = 'body'): string {
  // In an anyOf (a nullable bounded number), Ajv lists each branch's complaint, then anyOf;
  // the branch complaints alone mislead ("must be null"), so the anyOf error speaks for them.
  const anyOf = errors.find((e) => e.keyword === 'anyOf');
  const first = anyOf ?? errors[0];
  if (!first) return 'The request is not valid.';
  const part = PART[context] ?? 'field';
  const path = fieldPath(first.instancePath);
  const name = path ? `The ${part} "${path}"` : context === 'body' ? 'The request body' : `The ${context}`;
  const p = first.params;
  const schema = first.parentSchema ?? {};
  switch (first.keyword) {
    case 'required': {
      const missing = joinPath(path, String(p.missingProperty));
      return `The ${part} "${missing}" is required.`;
    }
    case 'additionalProperties': {
      const known = Object.keys((schema.properties as object | undefined) ?? {});
      const where = path ? ` in "${path}"` : '';
      const hint = known.length > 0 ? ` Known ${part}s: ${known.join(', ')}.` : '';
      return `Unknown ${part} "${String(p.additionalProperty)}"${where}.${hint}`;
    }
    case 'type': {
      const types = Array.isArray(p.type) ? (p.type as string[]) : String(p.type).split(',');
      return `${name} must be ${types.map((t) => TYPE_NAMES[t] ?? t).join(' or ')}.`;
    }
    case 'enum':
      return `${name} must be one of: ${(p.allowedValues as unknown[]).map(String).join(', ')}.`;
    case 'const':
      return `${name} must be ${JSON.stringify(p.allowedValue)}.`;
    case 'format':
      return `${name} must be ${FORMATS[String(p.format)] ?? `in the ${String(p.format)} format`}.`;
    case 'pattern':
      return `${name} is not valid${typeof schema.description === 'string' ? `: ${schema.description}` : '.'}`;
    case 'minLength':
      return p.limit === 1 ? `${name} must not be empty.` : `${name} must be at least ${String(p.limit)} characters long.`;
    case 'maxLength':
      return `${name} must be at most ${String(p.limit)} characters long.`;
    case 'minimum':
    case 'maximum':
      return `${name} must be ${range(schema)}.`;
    case 'minItems':
      return `${name} must list at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}.`;
    case 'maxItems':
      return `${name} must list at most ${String(p.limit)} items.`;
    case 'uniqueItems':
      return `${name} lists the same value twice (items ${String(p.j)} and ${String(p.i)}).`;
    case 'minProperties': {
      const known = Object.keys((schema.properties as object | undefined) ?? {});
      return `${name} must contain at least one ${part}${known.length > 0 ? ` (${known.join(', ')})` : ''}.`;
    }
    case 'anyOf':
      return `${name} must be ${anyOfShape(schema.anyOf)}.`;
    default:
      return `${name} ${first.message ?? 'is not valid'}.`;
  }
}

/**
 * The same refusal for a program (a console in another language): the body field to fix, when
 * the refusal is about one, the schema rule it broke (`required`, `minLength`, `format`, …),
 * and the bound of a length or count rule.
 */
export function validationDetails(errors: readonly SchemaError[], context = 'body'): { field?: string; rule?: string; limit?: number } {
  const first = errors.find((e) => e.keyword === 'anyOf') ?? errors[0];
  if (!first) return {};
  const path = fieldPath(first.instancePath);
  const p = first.params;
  const field =
    first.keyword === 'required' ? joinPath(path, String(p.missingProperty)) : first.keyword === 'additionalProperties' ? joinPath(path, String(p.additionalProperty)) : path;
  return {
    ...(field && context === 'body' ? { field } : {}),
    rule: first.keyword,
    ...(typeof p.limit === 'number' ? { limit: p.limit } : {}),
  };
}

/** "/grants/0" → "grants[0]"; "/a/b" → "a.b". */
function fieldPath(instancePath: string): string {
  return instancePath
    .split('/')
    .filter(Boolean)
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

function joinPath(parent: string, child: string): string {
  return parent ? `${parent}.${child}` : child;
}

function range(schema: Record<string, unknown>): string {
  const { minimum: min, maximum: max } = schema;
  const kind = schema.type === 'integer' ? 'a whole number' : 'a number';
  if (typeof min === 'number' && typeof max === 'number') return `${kind} from ${min} to ${max}`;
  if (typeof min === 'number') return `${kind} of at least ${min}`;
  return `${kind} of at most ${String(max)}`;
}

function anyOfShape(branches: unknown): string {
  if (!Array.isArray(branches)) return 'one of the allowed shapes';
  return (branches as Record<string, unknown>[])
    .map((b) => (b.type === 'null' ? 'null' : 'minimum' in b || 'maximum' in b ? range(b) : (TYPE_NAMES[String(b.type)] ?? 'a valid value')))
    .join(' or ');
}
