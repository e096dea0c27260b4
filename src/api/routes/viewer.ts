// Route middleware requiring the viewer role before the request is validated, so that an anonymous caller gets
// 401 rather than a 400 that describes the parameters.
import type { MiddlewareHandler } from 'hono';
import { requireActor } from '../auth/middleware.ts';
import type { AppEnv } from '../context.ts';

export const viewer: MiddlewareHandler<AppEnv> = async (c, next) => {
  requireActor(c, 'viewer');
  await next();
};
