import { backends } from './helpers/backends.js';
import { testSessionStore } from './contract/session-store.js';

for (const backend of backends()) testSessionStore(backend.name, () => backend.open());
