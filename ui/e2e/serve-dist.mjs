#!/usr/bin/env node
// Serves ui/dist (SPA fallback) and forwards /api/** to a real server, so the browser test can drive the
// built UI against a server that does not serve it yet. Usage: node e2e/serve-dist.mjs <api base URL> [port]
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.join(here, '..', 'dist');
const api = new URL(process.argv[2] || 'http://127.0.0.1:8080');
const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json' };

const server = http.createServer((req, res) => {
  if (req.url.startsWith('/api/') || req.url.startsWith('/v3/') || req.url.startsWith('/actuator/')) {
    const up = http.request({ host: api.hostname, port: api.port, path: req.url, method: req.method, headers: { ...req.headers, host: api.host } }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    up.on('error', (e) => { res.writeHead(502, { 'Content-Type': 'text/plain' }); res.end(String(e)); });
    res.on('close', () => up.destroy());
    req.pipe(up);
    return;
  }
  const p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  let file = path.join(DIST, path.normalize(p));
  if (!file.startsWith(DIST) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(DIST, 'index.html');
  res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] || 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
server.listen(Number(process.argv[3] || 0), '127.0.0.1', () => console.log(`serving ui/dist on http://127.0.0.1:${server.address().port} -> ${api.href}`));
