export { createGatehouseClient, GatehouseError, type GatehouseClient, type GatehouseClientOptions, type Me } from './api.js';
export { gatehouseExpress, type GatehouseMiddleware, type GatehouseRequest } from './express.js';
export { gatehouseFastify, type GatehouseFastifyOptions } from './fastify.js';
export { COOKIE_NAMES, createGatehouseGuard, tokenFrom, type GatehouseGuard, type GatehouseGuardOptions } from './guard.js';
export { openRevocationStream, type RevocationStream, type RevocationStreamOptions } from './stream.js';
export { CALLS, INTROSPECTION_FIELDS, type ActiveIntrospection, type InactiveIntrospection, type Introspection, type SessionEndedEvent } from './types.js';
