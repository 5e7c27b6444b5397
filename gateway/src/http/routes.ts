import type { Request, Response } from 'express';
import type { Role } from './auth';

/** One REST route: the app, the OpenAPI test and the role matrix test all read this shape. */
export interface Route {
    method: 'get' | 'post' | 'put';
    path: string;
    roles: readonly Role[] | 'public';
    handle: (req: Request, res: Response) => Promise<void>;
}

/** Express `/a/:id` to OpenAPI `/a/{id}`. */
export function openApiPath(path: string): string {
    return path.replace(/:([A-Za-z]+)/g, '{$1}');
}
