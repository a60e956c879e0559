import { Router } from "express";
import type { Metrics } from "../metrics.js";
import type { RouteDescription } from "../route-registry.js";

/** GET /metrics: Prometheus text exposition (not rate limited: scrapers poll it). */
export function createMetricsRouter(options: { metrics: Metrics }): Router {
  const router = Router();
  router.get("/metrics", async (_request, response) => {
    const { contentType, text } = await options.metrics.render();
    response.setHeader("cache-control", "no-store");
    response.type(contentType).send(text);
  });
  return router;
}

export const METRICS_ROUTES: RouteDescription[] = [
  {
    method: "get",
    path: "/metrics",
    tag: "meta",
    summary: "Prometheus metrics: requests and latency per route, answers found/abstained, index size, ingest runs, work-queue wait",
    responses: { 200: { description: "Prometheus text format 0.0.4", content: { "text/plain": undefined } } },
    examples: [{ name: "scrape", status: 200 }],
  },
];
