/** The built web UI, served from the API's origin (see serve-web.ts). */
export { serveWeb, defaultWebDist } from './serve-web';
export type { ServeWebOptions } from './serve-web';
