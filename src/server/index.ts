/**
 * server — Capstan's one HTTP port: Prometheus `/metrics`, `/healthz` (the process serves)
 * and `/readyz` (caches synced). Input: a metrics registry and a readiness probe; output: a
 * listening server. It never exposes object data, Secrets or credentials.
 */
export { startHttpServer, parseListenAddress } from './http-server.js';
export type { HttpServerOptions, RunningHttpServer } from './http-server.js';
