import { randomBytes } from 'node:crypto';
import type { Db } from './types.js';

/**
 * One of the server's own keys in `gatehouse_secrets`, the same on every node: made by the
 * migration that needs it; should it be gone (a restored dump without it), the first node to need
 * it makes one and every other node reads that one. Read once per process.
 */
export function serverSecret(db: Db, name: string): () => Promise<Buffer> {
  let key: Promise<Buffer> | undefined;
  return () => {
    key ??= (async () => {
      const read = () => db.kysely.selectFrom('gatehouse_secrets').select('value').where('name', '=', name).executeTakeFirst();
      let row = await read();
      if (!row) {
        await db.kysely
          .insertInto('gatehouse_secrets')
          .values({ name, value: randomBytes(32).toString('base64url') })
          .onConflict((oc) => oc.column('name').doNothing())
          .execute();
        row = await read();
      }
      if (!row) throw new Error(`the server key ${name} could not be stored`);
      return Buffer.from(row.value, 'base64url');
    })().catch((err: unknown) => {
      key = undefined;
      throw err;
    });
    return key;
  };
}
