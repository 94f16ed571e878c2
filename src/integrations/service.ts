import { createKeyService, type KeyDeps } from './keys.js';
import { createTokenStore } from './token-store.js';
import { createTokenService } from './tokens.js';

/**
 * Other apps trust Gatehouse (Settings › Integrations): service keys and the introspection they
 * call (keys.ts), and personal access tokens (tokens.ts). Other capabilities reach both through
 * this one service.
 */
export function createIntegrationService(deps: KeyDeps) {
  return {
    ...createKeyService(deps),
    ...createTokenService({ db: deps.db, store: createTokenStore(deps.db), audit: deps.audit, clock: deps.clock }),
  };
}

export type IntegrationService = ReturnType<typeof createIntegrationService>;
