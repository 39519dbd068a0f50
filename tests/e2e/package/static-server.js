// A static file server on a free loopback port for the package tests. It serves the pages, the
// built package and the Vite app, adds a Content Security Policy and CORS headers when a test
// sets them, and records the path of every request it receives.
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
};

/**
 * Starts a server and resolves with `{ origin, requests, close }`. The options:
 * - `pages` maps a path to a function that returns the body served there, an HTML page when
 *   the path ends in `/`.
 * - `mounts` maps a path prefix such as `/pkg/` to a directory.
 * - `policy` is the Content-Security-Policy header of every response.
 * - `cors` adds `Access-Control-Allow-Origin: *`.
 * - `rewrite(path, bytes)` returns the bytes to send for a file.
 * - `hold(path)` returns a promise that the response waits for, or undefined.
 */
export async function startStaticServer({
  pages = {},
  mounts = {},
  policy,
  cors = false,
  rewrite,
  hold,
}) {
  const requests = [];
  const server = createServer((request, response) => {
    const path = new URL(request.url, "http://127.0.0.1").pathname;
    requests.push({ method: request.method, url: request.url });
    serve(path)
      .then(async (file) => {
        if (hold) {
          await hold(path);
        }
        const headers = { "Cache-Control": "no-store" };
        if (policy) {
          headers["Content-Security-Policy"] = policy;
        }
        if (cors) {
          headers["Access-Control-Allow-Origin"] = "*";
        }
        if (!file) {
          response.writeHead(404, headers).end("not found");
          return;
        }
        headers["Content-Type"] = CONTENT_TYPES[extname(file.path)] ?? "application/octet-stream";
        const body = rewrite ? rewrite(path, file.body) : file.body;
        response.writeHead(200, headers).end(body);
      })
      .catch((error) => {
        response.writeHead(500).end(String(error));
      });
  });

  // Returns `{ path, body }` for a page or a file under a mount, or null.
  async function serve(path) {
    if (pages[path]) {
      return { path: path.endsWith("/") ? "index.html" : path, body: Buffer.from(pages[path]()) };
    }
    for (const [prefix, dir] of Object.entries(mounts)) {
      if (path.startsWith(prefix)) {
        const root = normalize(dir + sep);
        const file = normalize(join(root, decodeURIComponent(path.slice(prefix.length))));
        if (!file.startsWith(root)) {
          return null;
        }
        const name = file.endsWith(sep) ? join(file, "index.html") : file;
        try {
          return { path: name, body: await readFile(name) };
        } catch {
          return null;
        }
      }
    }
    return null;
  }

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Builds the demo's strict policy (sandbox/src/merchant/strict_page.rs), with `scriptOrigins`
 * added to `script-src` and `connect-src`. It allows neither 'unsafe-eval' nor 'unsafe-inline'.
 */
export function strictPolicy(apiBase, scriptOrigins = []) {
  const extra = scriptOrigins.map((origin) => ` ${origin}`).join("");
  return (
    `default-src 'none'; script-src 'self'${extra} 'wasm-unsafe-eval'; ` +
    `connect-src 'self'${extra} ${apiBase}; style-src 'self'; img-src 'self'; ` +
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
  );
}
