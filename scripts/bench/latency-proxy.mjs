// A reverse proxy on loopback in front of moto: every request waits a fixed delay before
// it is forwarded, as if AWS were one round trip away. It counts requests, names each
// AWS action, and records how many were in flight at once. Bounded: request bodies,
// concurrent requests and upstream time are capped, so a runaway client cannot hang it.
import { createServer, request as httpRequest, Agent } from 'node:http';
import { createHash } from 'node:crypto';

const MAX_BODY = 1 << 20;
const MAX_IN_FLIGHT = 64;
const UPSTREAM_TIMEOUT_MS = 30_000;

/** "iam:ListUsers" from a query-protocol body, an X-Amz-Target header or a REST path */
export function actionOf(method, url, headers, body) {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') return target;
  const form = new URLSearchParams(body);
  const action = form.get('Action');
  if (action) return action;
  return `${method} ${url.split('?')[0]}`;
}

// Hop-by-hop headers describe one connection, not the message (RFC 9110 section 7.6.1), so
// a proxy does not pass them on. moto answers "Connection: close" to every request; passed
// on, it made the client open a new connection for each call, which AWS does not make it do.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** `headers` without the hop-by-hop ones, and without any the Connection header names */
export function endToEnd(headers) {
  const named = String(headers.connection ?? '').toLowerCase().split(',').map((h) => h.trim());
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !HOP_BY_HOP.has(k.toLowerCase()) && !named.includes(k.toLowerCase())));
}

export function isRead(action) {
  const name = action.includes('.') ? action.slice(action.lastIndexOf('.') + 1) : action.replace(/^\w+ \//, '');
  return /^(get|list|describe|lookup|search)/i.test(name);
}

export async function startLatencyProxy({ target, delayMs = 100 }) {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT });
  let delay = delayMs;
  let log = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const server = createServer((req, res) => {
    if (inFlight >= MAX_IN_FLIGHT) {
      res.writeHead(503).end('latency proxy: too many requests in flight');
      return;
    }
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const chunks = [];
    let size = 0;
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        inFlight--;
      }
    };
    res.on('close', finish);
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) {
        res.writeHead(413).end('latency proxy: body too large');
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_BODY) return;
      const body = Buffer.concat(chunks);
      const text = body.toString('utf8');
      const action = actionOf(req.method ?? 'GET', req.url ?? '/', req.headers, text);
      // the same request twice is the same action with the same parameters
      const key = createHash('sha256').update(`${action}\n${req.method} ${req.url}\n${text}`).digest('hex');
      log.push({ action, key, at: performance.now() });
      setTimeout(() => {
        const up = httpRequest(
          {
            host: upstream.hostname,
            port: upstream.port,
            method: req.method,
            path: req.url,
            headers: endToEnd(req.headers),
            agent,
            timeout: UPSTREAM_TIMEOUT_MS,
          },
          (ur) => {
            res.writeHead(ur.statusCode ?? 502, endToEnd(ur.headers));
            ur.pipe(res);
          },
        );
        up.on('timeout', () => up.destroy(new Error('upstream timeout')));
        up.on('error', (e) => {
          if (!res.headersSent) res.writeHead(502);
          res.end(`latency proxy: ${e.message}`);
        });
        up.end(body);
      }, delay);
    });
  });
  server.headersTimeout = UPSTREAM_TIMEOUT_MS;
  server.requestTimeout = UPSTREAM_TIMEOUT_MS;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    setDelay(ms) {
      delay = ms;
    },
    /** requests since the last reset: count, actions in order, repeated reads, peak concurrency */
    take() {
      const seen = new Set();
      const repeatedReads = [];
      for (const r of log) {
        if (seen.has(r.key) && isRead(r.action)) repeatedReads.push(r.action);
        seen.add(r.key);
      }
      const counts = {};
      for (const r of log) counts[r.action] = (counts[r.action] ?? 0) + 1;
      const t0 = log[0]?.at ?? 0;
      const timeline = log.map((r) => `${Math.round(r.at - t0)} ms ${r.action}`);
      // requests that start within half a delay of the previous one belong to the same wave:
      // the number of waves is the chain of dependent requests as the client issued it
      let waves = 0;
      let last = -Infinity;
      for (const r of log) {
        if (r.at - last > delay / 2) waves++;
        last = r.at;
      }
      const result = { requests: log.length, maxInFlight, waves, actions: counts, repeatedReads, timeline };
      log = [];
      maxInFlight = inFlight;
      return result;
    },
    close() {
      agent.destroy();
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
