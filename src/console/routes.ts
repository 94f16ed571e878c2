import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { errorBody } from '../errors.js';

/**
 * Console pages may load code and styles from this origin only. No inline script, no other
 * host: an injected string can neither run nor phone home. Inline *styles* are allowed because
 * the dialog's scroll lock (Radix, via react-remove-scroll) inserts a <style> element; styles
 * cannot run code. The live connection is same-origin, which 'self' covers for ws: too.
 */
const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  // The console is never framed (clickjacking an "End sessions" button).
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

/**
 * Paths never answered with the console page: the API's and the operators', and anything that
 * names a file (`/backup.zip`, `/.env`, `/wp-login.php`). The console's own paths never hold a
 * dot; answering a file name with a 200 page tells scanners something is there, and misleads
 * a person who asked for a file.
 */
function isServerPath(url: string): boolean {
  const p = url.split('?')[0] ?? '';
  return p === '/api' || p.startsWith('/api/') || p === '/healthz' || p === '/readyz' || p === '/metrics' || p.includes('.');
}

/** Where `npm run build:web` writes the console: dist/web, from the sources or the compiled server. */
function defaultConsoleDir(): string {
  const up = fileURLToPath(new URL('../../', import.meta.url));
  return path.basename(path.resolve(up)) === 'dist' ? path.join(up, 'web') : path.join(up, 'dist', 'web');
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Gatehouse</title></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;line-height:1.5">
<h1>Gatehouse</h1><p>The API is running, but the web console has not been built.</p>
<p>Run <code>npm run build</code> (or <code>npm start</code>, which builds first) and reload this page.</p></body></html>`;

/** The console's icon; kept here so it is served the same with or without a build. */
const FAVICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#4f46e5"/><path d="M9 25V13l7-5 7 5v12h-4.5v-7h-5v7z" fill="#fff"/></svg>';

/**
 * Serves the built console: hashed assets cached for a year, index.html for every page path.
 * The routes are the same four whether or not the console was built, so the route table
 * (and the authorization matrix that lists it) does not depend on a build.
 */
export async function consoleRoutes(app: FastifyInstance, options: { dir?: string }): Promise<void> {
  const dir = options.dir ?? defaultConsoleDir();
  const indexPath = path.join(dir, 'index.html');
  const built = existsSync(indexPath);
  // Read once: the file only changes with a new build, which means a restart.
  const indexHtml = built ? readFileSync(indexPath) : Buffer.from(NOT_BUILT);

  // The static file server refuses some requests itself: 403 for a path that climbs out of the
  // folder through an encoded "..", 416 for a range past a file's end. Left to the app's handler
  // they became `invalid_request` with those statuses, a code whose status is 400 (rule 7: one
  // shape, catalogued codes); to a browser they are what they are, no such file.
  app.setErrorHandler((err: FastifyError, _request, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.status(404).send(errorBody('not_found'));
    throw err;
  });

  await app.register(fastifyStatic, {
    // Without a build the folder is absent: every asset is then a 404, as it should be.
    root: path.join(dir, 'assets'),
    prefix: '/assets/',
    index: false,
    cacheControl: false,
    etag: true,
    setHeaders(res) {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
      // Vite puts a content hash in every file name under assets/: safe to keep forever.
      res.setHeader('cache-control', 'public, max-age=31536000, immutable');
    },
  });

  const sendPage = (reply: FastifyReply) => reply.headers(SECURITY_HEADERS).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(indexHtml);

  app.get('/favicon.svg', { schema: { hide: true } }, (_request, reply) =>
    reply.headers(SECURITY_HEADERS).header('cache-control', 'public, max-age=86400').type('image/svg+xml').send(FAVICON),
  );
  app.get('/', { schema: { hide: true } }, (_request, reply) => sendPage(reply));
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    // Unknown API paths keep their JSON 404 (or 405, for a path asked with a method it does not
    // take): a script must never receive a web page.
    if (isServerPath(request.url)) return reply.callNotFound();
    return sendPage(reply);
  });
}
