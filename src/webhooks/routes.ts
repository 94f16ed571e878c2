import type { FastifyInstance } from 'fastify';
import { actorOf } from '../access/actor.js';
import { ctxOf } from '../http/auth.js';
import { idParams } from '../http/validation.js';
import { refusal } from '../http/openapi.js';
import { pageQuery } from '../lib/cursor.js';
import { deliverySchema, endpointSchema, presentDelivery, presentEndpoint } from './present.js';
import type { EndpointInput, WebhookService } from './service.js';
import { WEBHOOK_EVENTS } from './types.js';

const tags = ['integrations'];
const deliveryParams = {
  type: 'object',
  required: ['id', 'deliveryId'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 }, deliveryId: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

const fields = {
  url: { type: 'string', minLength: 1, maxLength: 2048, description: 'https:// and a public address (http:// and private networks only with WEBHOOKS_ALLOW_LOOPBACK=true).' },
  events: { type: 'array', minItems: 1, maxItems: WEBHOOK_EVENTS.length, uniqueItems: true, items: { type: 'string', enum: [...WEBHOOK_EVENTS] } },
  description: { type: 'string', maxLength: 300 },
  enabled: { type: 'boolean' },
} as const;

const invalid = refusal('Bad input; a refused URL names the field "url"');
const notFound = refusal('No such webhook (or delivery) in your workspace');
const withSecret = {
  type: 'object',
  required: ['webhook', 'secret'],
  properties: { webhook: endpointSchema, secret: { type: 'string', description: 'whsec_…: shown now and never again. Verify deliveries with it.' } },
} as const;
const oneWebhook = { type: 'object', required: ['webhook'], properties: { webhook: endpointSchema } } as const;
const oneDelivery = { type: 'object', required: ['delivery'], properties: { delivery: deliverySchema } } as const;

/** Webhooks (Settings › Integrations): endpoints, their secrets and their deliveries. Grant `integrations`. */
export async function webhookRoutes(app: FastifyInstance, { webhooks }: { webhooks: WebhookService }): Promise<void> {
  app.get(
    '/api/integrations/webhooks',
    {
      config: { auth: true },
      schema: {
        operationId: 'listWebhooks',
        summary: 'The workspace’s webhook endpoints, each with how its latest delivery went',
        tags,
        response: { 200: { type: 'object', required: ['webhooks'], properties: { webhooks: { type: 'array', items: endpointSchema } } } },
      },
    },
    async (request) => ({ webhooks: (await webhooks.list(ctxOf(request))).map(presentEndpoint) }),
  );

  app.post<{ Body: EndpointInput }>(
    '/api/integrations/webhooks',
    {
      config: { auth: true },
      schema: {
        operationId: 'createWebhook',
        summary: 'Registers an endpoint for some events; its signing secret is in this answer only',
        tags,
        body: { type: 'object', required: ['url', 'events'], additionalProperties: false, properties: fields },
        response: { 201: withSecret, 400: invalid },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const { endpoint, secret } = await webhooks.create(ctx, actorOf(ctx, request.ip), request.body);
      return reply.status(201).send({ webhook: presentEndpoint(endpoint), secret });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/integrations/webhooks/:id',
    { config: { auth: true }, schema: { operationId: 'getWebhook', summary: 'One webhook endpoint', tags, params: idParams, response: { 200: oneWebhook, 404: notFound } } },
    async (request) => ({ webhook: presentEndpoint(await webhooks.get(ctxOf(request), request.params.id)) }),
  );

  app.patch<{ Params: { id: string }; Body: Partial<EndpointInput> }>(
    '/api/integrations/webhooks/:id',
    {
      config: { auth: true },
      schema: {
        operationId: 'updateWebhook',
        summary: 'Changes an endpoint’s URL, events, description, or turns it off and on',
        tags,
        params: idParams,
        body: { type: 'object', additionalProperties: false, minProperties: 1, properties: fields },
        response: { 200: oneWebhook, 400: invalid, 404: notFound },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return { webhook: presentEndpoint(await webhooks.update(ctx, actorOf(ctx, request.ip), request.params.id, request.body)) };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/integrations/webhooks/:id',
    {
      config: { auth: true },
      schema: {
        operationId: 'deleteWebhook',
        summary: 'Deletes an endpoint and its deliveries; nothing still pending is sent',
        tags,
        params: idParams,
        response: { 200: { type: 'object', required: ['deleted'], properties: { deleted: { type: 'integer' } } }, 404: notFound },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return { deleted: await webhooks.remove(ctx, actorOf(ctx, request.ip), request.params.id) };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/integrations/webhooks/:id/rotate-secret',
    {
      config: { auth: true },
      schema: {
        operationId: 'rotateWebhookSecret',
        summary: 'A new signing secret, shown once; the old one still signs beside it for 24 hours',
        tags,
        params: idParams,
        response: { 200: withSecret, 404: notFound },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const { endpoint, secret } = await webhooks.rotateSecret(ctx, actorOf(ctx, request.ip), request.params.id);
      return { webhook: presentEndpoint(endpoint), secret };
    },
  );

  app.get<{ Params: { id: string }; Querystring: { cursor?: string; limit: number } }>(
    '/api/integrations/webhooks/:id/deliveries',
    {
      config: { auth: true },
      schema: {
        operationId: 'listWebhookDeliveries',
        summary: 'An endpoint’s deliveries, newest first, with status, response code and attempts',
        tags,
        params: idParams,
        querystring: { type: 'object', additionalProperties: false, properties: { ...pageQuery } },
        response: {
          200: {
            type: 'object',
            required: ['deliveries', 'nextCursor'],
            properties: { deliveries: { type: 'array', items: deliverySchema }, nextCursor: { type: ['string', 'null'] } },
          },
          400: invalid,
          404: notFound,
        },
      },
    },
    async (request) => {
      const page = await webhooks.deliveries(ctxOf(request), request.params.id, request.query);
      return { deliveries: page.deliveries.map(presentDelivery), nextCursor: page.nextCursor };
    },
  );

  app.post<{ Params: { id: string; deliveryId: string } }>(
    '/api/integrations/webhooks/:id/deliveries/:deliveryId/resend',
    {
      config: { auth: true },
      schema: {
        operationId: 'resendWebhookDelivery',
        summary: 'Sends a delivery’s message again now, as a new delivery with the same webhook-id',
        tags,
        params: deliveryParams,
        response: { 202: oneDelivery, 404: notFound },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const delivery = await webhooks.resend(ctx, actorOf(ctx, request.ip), request.params.id, request.params.deliveryId);
      return reply.status(202).send({ delivery: presentDelivery(delivery) });
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/integrations/webhooks/:id/test',
    {
      config: { auth: true },
      schema: {
        operationId: 'testWebhook',
        summary: 'Sends a webhook.test message to this endpoint, whatever events it takes',
        tags,
        params: idParams,
        response: { 202: oneDelivery, 404: notFound },
      },
    },
    async (request, reply) => reply.status(202).send({ delivery: presentDelivery(await webhooks.sendTest(ctxOf(request), request.params.id)) }),
  );
}
