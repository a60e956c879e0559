import type { Express } from "express";

type Layer = { route?: { path: string | string[]; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };

/** The routes an Express 5 app has (its router's stack and mounted routers'); `all` for router.all. */
export function listMountedRoutes(application: Express): Array<{ method: string; path: string }> {
  const found: Array<{ method: string; path: string }> = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const path of paths) for (const [method, on] of Object.entries(layer.route.methods)) if (on) found.push({ method: method === "_all" ? "all" : method, path });
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((application as unknown as { router: { stack: Layer[] } }).router.stack);
  return found;
}
