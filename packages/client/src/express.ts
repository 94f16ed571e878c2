import type { IncomingMessage, ServerResponse } from 'node:http';
import { createGatehouseGuard, type GatehouseGuard, type GatehouseGuardOptions } from './guard.js';
import { judge } from './respond.js';
import type { ActiveIntrospection } from './types.js';

/** The part of an Express request this middleware reads and writes (no dependency on Express's types). */
export type GatehouseRequest = IncomingMessage & { ip?: string | undefined; gatehouse?: ActiveIntrospection };

export type GatehouseMiddleware = ((req: GatehouseRequest, res: ServerResponse, next: (err?: unknown) => void) => void) & { guard: GatehouseGuard };

/**
 * Express middleware: lets a request through only with an active Gatehouse session (its cookie,
 * or a Bearer token), and puts the session's claims on `req.gatehouse`. Refusals are 401 JSON
 * (503 when Gatehouse cannot be asked). Give it options, or a guard shared with other code.
 */
export function gatehouseExpress(options: GatehouseGuardOptions | { guard: GatehouseGuard }): GatehouseMiddleware {
  const guard = 'guard' in options ? options.guard : createGatehouseGuard(options);
  const middleware = (req: GatehouseRequest, res: ServerResponse, next: (err?: unknown) => void) => {
    // req.ip honours Express's "trust proxy" setting; the socket's address otherwise.
    judge(guard, req.headers, req.ip ?? req.socket.remoteAddress).then(
      (verdict) => {
        if (verdict.ok) {
          req.gatehouse = verdict.session;
          return next();
        }
        res.statusCode = verdict.status;
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.setHeader('cache-control', 'no-store');
        res.end(JSON.stringify(verdict.body));
      },
      (err: unknown) => next(err),
    );
  };
  return Object.assign(middleware, { guard });
}
