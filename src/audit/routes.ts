import { Readable } from 'node:stream';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance } from 'fastify';
import { requireAnyGrant } from '../access/permissions.js';
import { ctxOf } from '../http/auth.js';
import { cutPage, decodeCursor, encodeCursor, pageQuery } from '../lib/cursor.js';
import { auditCsvLine, csvLine, CSV_HEADER } from './csv.js';
import { auditEventSchema, presentAuditEvent } from './present.js';
import type { AuditLog } from './service.js';
import { AUDIT_TYPES, type AuditFilter } from './types.js';

const filterQuery = {
  // A comma-separated list of event types.
  type: {
    type: 'string',
    maxLength: 300,
    description: `one event type, or several separated by commas, of: ${AUDIT_TYPES.join(', ')}.`,
    pattern: `^(${AUDIT_TYPES.map((t) => t.replace('.', '\\.')).join('|')})(,(${AUDIT_TYPES.map((t) => t.replace('.', '\\.')).join('|')}))*$`,
  },
  q: { type: 'string', maxLength: 200 },
  from: { type: 'string', format: 'date-time' },
  to: { type: 'string', format: 'date-time' },
} as const;

/** The filter fields of both calls, as the schema validated them. */
interface FilterQuery {
  type?: string;
  q?: string;
  from?: string;
  to?: string;
}

const CSV_BATCH = 1000;
const tags = ['audit'];

/** The audit log, for holders of the `audit` grant: a paged JSON list and a streamed CSV export. */
export async function auditRoutes(fastify: FastifyInstance, { audit }: { audit: AuditLog }): Promise<void> {
  // Request and answer types come from the schemas, not from interfaces written beside them.
  const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();
  const filterOf = (workspaceId: string, query: FilterQuery): AuditFilter => ({
    workspaceId,
    types: query.type?.split(','),
    q: query.q,
    from: query.from ? Date.parse(query.from) : undefined,
    to: query.to ? Date.parse(query.to) : undefined,
  });

  app.get(
    '/api/audit',
    {
      config: { auth: true },
      schema: {
        operationId: 'listAuditEvents',
        summary: 'The audit log, newest first, filtered and paged',
        tags,
        querystring: { type: 'object', additionalProperties: false, properties: { ...filterQuery, ...pageQuery } },
        response: {
          200: {
            type: 'object',
            required: ['events', 'nextCursor'],
            properties: { events: { type: 'array', items: auditEventSchema }, nextCursor: { type: ['string', 'null'] } },
          },
        },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      requireAnyGrant(ctx, ['audit']);
      const before = decodeCursor(request.query.cursor, ['number'] as const);
      const limit = request.query.limit;
      const rows = await audit.page(filterOf(ctx.workspace.id, request.query), before ? before[0] : null, limit + 1);
      const { page, nextCursor } = cutPage(rows, limit, (last) => encodeCursor([last.id]));
      return { events: page.map(presentAuditEvent), nextCursor };
    },
  );

  app.get(
    '/api/audit.csv',
    {
      config: { auth: true },
      schema: {
        operationId: 'exportAuditCsv',
        summary: 'The filtered audit log as streamed CSV',
        tags,
        querystring: { type: 'object', additionalProperties: false, properties: filterQuery },
        response: { 200: { description: 'The events as CSV, with a header row', content: { 'text/csv': { schema: { type: 'string' } } } } },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      requireAnyGrant(ctx, ['audit']);
      const filter = filterOf(ctx.workspace.id, request.query);
      // Streamed in id-keyed batches: memory stays flat however long the log is.
      async function* lines() {
        yield csvLine(CSV_HEADER);
        let before: number | null = null;
        for (;;) {
          const rows = await audit.page(filter, before, CSV_BATCH);
          for (const row of rows) yield auditCsvLine(row);
          if (rows.length < CSV_BATCH) return;
          before = rows.at(-1)!.id;
        }
      }
      return (
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="gatehouse-audit-${ctx.workspace.slug}.csv"`)
          // The schema's `string` is the body's bytes; a stream of them is what goes out.
          .send(Readable.from(lines()) as unknown as string)
      );
    },
  );
}
