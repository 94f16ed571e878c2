import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../access/actor.js';
import { ctxOf } from '../http/auth.js';
import { idParams } from '../http/validation.js';
import { WEEKDAYS, type WeekSchedule } from './hours.js';
import type { ShiftService } from './service.js';

// Times are checked by the service, which names the day and the interval in its 400 message.
const time = { type: 'string', minLength: 1, maxLength: 5, description: '"HH:MM" in the workspace’s time zone (an end may be "24:00")' } as const;
const interval = {
  title: 'ShiftInterval',
  type: 'object',
  required: ['from', 'to'],
  additionalProperties: false,
  description: 'One shift; an end not after its start runs overnight and belongs to the day it starts.',
  properties: { from: time, to: time },
} as const;
const dayList = { type: 'array', maxItems: 8, items: interval } as const;
const week = {
  title: 'WeekSchedule',
  type: 'object',
  additionalProperties: false,
  description: 'Shifts per weekday; a day left out or empty is a day off.',
  properties: Object.fromEntries(WEEKDAYS.map((d) => [d, dayList])) as Record<(typeof WEEKDAYS)[number], typeof dayList>,
} as const;
const weekOrNull = { ...week, type: ['object', 'null'] } as const;
const zone = { type: 'string', minLength: 1, maxLength: 64, description: 'An IANA time zone, e.g. Europe/Berlin' } as const;
const when = { type: ['string', 'null'], format: 'date-time' } as const;
const hoursNow = {
  title: 'HoursNow',
  type: 'object',
  required: ['timeZone', 'restricted', 'inside', 'endsAt', 'nextStartsAt'],
  properties: {
    timeZone: { type: 'string' },
    restricted: { type: 'boolean', description: 'false: no schedule applies (administrators; agents while none is set): never signed out by shifts' },
    inside: { type: 'boolean' },
    endsAt: { ...when, description: 'While inside: when the current shift ends (null: not within a week)' },
    nextStartsAt: { ...when, description: 'When the next shift starts (null: none within a year)' },
  },
} as const;
const workspaceHours = {
  title: 'WorkspaceHours',
  type: 'object',
  required: ['timeZone', 'schedule'],
  properties: { timeZone: { type: 'string' }, schedule: weekOrNull },
} as const;
const exception = { title: 'ShiftException', type: 'object', required: ['date', 'hours'], properties: { date: { type: 'string' }, hours: dayList } } as const;
const agentHours = {
  title: 'AgentHours',
  type: 'object',
  required: ['accountId', 'timeZone', 'schedule', 'workspaceSchedule', 'exceptions', 'extendedUntil', 'now'],
  properties: {
    accountId: { type: 'string' },
    timeZone: { type: 'string' },
    schedule: { ...weekOrNull, description: 'The agent’s own schedule; null: the workspace’s default applies' },
    workspaceSchedule: weekOrNull,
    exceptions: { type: 'array', items: exception, description: 'From today on' },
    extendedUntil: { ...when, description: 'Today’s extension, while it runs' },
    now: hoursNow,
  },
} as const;
const bulkResult = {
  title: 'BulkHoursResult',
  type: 'object',
  required: ['accountId', 'status'],
  properties: {
    accountId: { type: 'string' },
    status: { type: 'string', enum: ['updated', 'refused'] },
    error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } },
  },
} as const;

const tags = ['shifts'];

/** Working hours: My account's, Settings › Security's workspace default, an agent's (Team › Agents). */
export async function shiftRoutes(fastify: FastifyInstance, { shifts }: { shifts: ShiftService }): Promise<void> {
  const app = fastify.withTypeProvider<JsonSchemaToTsProvider>();

  app.get(
    '/api/me/working-hours',
    {
      config: { auth: true },
      schema: {
        operationId: 'getMyWorkingHours',
        summary: 'The caller’s working hours now: inside or not, when the shift ends, when the next starts',
        tags,
        response: { 200: hoursNow },
      },
    },
    async (request) => shifts.mine(ctxOf(request)),
  );

  app.get(
    '/api/settings/working-hours',
    {
      config: { auth: true },
      schema: { operationId: 'getWorkspaceHours', summary: 'The workspace’s time zone and default weekly schedule of agents', tags, response: { 200: workspaceHours } },
    },
    async (request) => shifts.workspaceHours(ctxOf(request)),
  );

  app.patch(
    '/api/settings/working-hours',
    {
      // A change to Settings › Security (it can sign agents out at the next tick): a dangerous act (issue 16).
      config: { auth: true, recentProof: { grants: ['settings.security'] } },
      schema: {
        operationId: 'updateWorkspaceHours',
        summary: 'Set the time zone and the default weekly schedule (null: none, agents without their own are never restricted)',
        tags,
        body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { timeZone: zone, schedule: weekOrNull } },
        response: { 200: workspaceHours },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return shifts.setWorkspaceHours(ctx, actorOf(ctx, request.ip), request.body as { timeZone?: string; schedule?: WeekSchedule | null });
    },
  );

  app.get(
    '/api/team/accounts/:id/working-hours',
    {
      config: { auth: true },
      schema: {
        operationId: 'getAgentHours',
        summary: 'An agent’s schedule, exceptions, today’s extension and where it stands now',
        tags,
        params: idParams,
        response: { 200: agentHours },
      },
    },
    async (request) => shifts.agentHours(ctxOf(request), request.params.id),
  );

  app.patch(
    '/api/team/accounts/:id/working-hours',
    {
      config: { auth: true },
      schema: {
        operationId: 'updateAgentSchedule',
        summary: 'Set an agent’s own weekly schedule (null: the workspace’s default applies)',
        tags,
        params: idParams,
        body: { type: 'object', required: ['schedule'], additionalProperties: false, properties: { schedule: weekOrNull } },
        response: { 200: agentHours },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return shifts.setAgentSchedule(ctx, actorOf(ctx, request.ip), request.params.id, request.body.schedule as WeekSchedule | null);
    },
  );

  app.post(
    '/api/team/working-hours',
    {
      // Like the bulk end: a schedule given to many agents at once can sign them all out at the
      // next tick, so naming more than one account asks for a recent proof.
      config: { auth: true, recentProof: { grants: ['team.agents'], when: (request) => new Set((request.body as { accountIds: string[] }).accountIds).size > 1 } },
      schema: {
        operationId: 'bulkUpdateAgentSchedules',
        summary: 'Set the weekly schedule of several agents at once; reports per account what it did',
        tags,
        body: {
          type: 'object',
          required: ['accountIds', 'schedule'],
          additionalProperties: false,
          properties: { accountIds: { type: 'array', minItems: 1, maxItems: 500, items: { type: 'string', minLength: 1, maxLength: 64 } }, schedule: weekOrNull },
        },
        response: { 200: { type: 'object', required: ['updated', 'results'], properties: { updated: { type: 'integer' }, results: { type: 'array', items: bulkResult } } } },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return shifts.setAgentSchedules(ctx, actorOf(ctx, request.ip), request.body.accountIds, request.body.schedule as WeekSchedule | null);
    },
  );

  app.post(
    '/api/team/accounts/:id/working-hours/exceptions',
    {
      config: { auth: true },
      schema: {
        operationId: 'setShiftException',
        summary: 'Set one date’s hours of an agent instead of its weekday’s (an empty list: a day off)',
        tags,
        params: idParams,
        body: {
          type: 'object',
          required: ['date', 'hours'],
          additionalProperties: false,
          properties: { date: { type: 'string', minLength: 1, maxLength: 10, description: 'YYYY-MM-DD' }, hours: dayList },
        },
        response: { 200: exception },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const { date, hours } = request.body;
      await shifts.setException(ctx, actorOf(ctx, request.ip), request.params.id, date, hours);
      return { date, hours };
    },
  );

  app.delete(
    '/api/team/accounts/:id/working-hours/exceptions/:date',
    {
      config: { auth: true },
      schema: {
        operationId: 'deleteShiftException',
        summary: 'Remove one date’s exception of an agent',
        tags,
        params: { type: 'object', required: ['id', 'date'], properties: { id: idParams.properties.id, date: { type: 'string', minLength: 1, maxLength: 10 } } },
        response: { 204: { type: 'null' } },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      await shifts.setException(ctx, actorOf(ctx, request.ip), request.params.id, request.params.date, null);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/team/accounts/:id/working-hours/extend',
    {
      config: { auth: true },
      schema: {
        operationId: 'extendShift',
        summary: 'Extend an agent’s shift for today until a time (its next "HH:MM" in the workspace’s zone, within 24 hours)',
        tags,
        params: idParams,
        body: { type: 'object', required: ['until'], additionalProperties: false, properties: { until: time } },
        response: {
          200: {
            type: 'object',
            required: ['extendedUntil', 'timeZone'],
            properties: { extendedUntil: { type: 'string', format: 'date-time' }, timeZone: { type: 'string' } },
          },
        },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return shifts.extend(ctx, actorOf(ctx, request.ip), request.params.id, request.body.until);
    },
  );
}
