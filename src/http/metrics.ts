/**
 * `GET /metrics`: the Prometheus exposition (src/infra/metrics.ts). Mounted through `createHttpApp`'s `mount` hook.
 * No secrets are exposed; put it behind the network's access rules like any metrics endpoint.
 */
import type { Hono } from 'hono';

export interface MetricsEndpoint {
  text(): Promise<string>;
  readonly contentType: string;
}

export function mountMetricsRoute(app: Hono, metrics: MetricsEndpoint): void {
  app.get('/metrics', async (c) => c.body(await metrics.text(), 200, { 'content-type': metrics.contentType }));
}
