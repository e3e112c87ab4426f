import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

const PARAMTYPES = 'design:paramtypes';

/**
 * Handler parameters typed `q: ListUsersQuery`, where ListUsersQuery is both a zod schema and its
 * inferred type, get the schema object as their emitted design type. Swagger takes design types for
 * classes and fails on anything else; the routes document their parameters with explicit decorators
 * (zod-openapi.ts), so non-class design types are replaced by Object, which swagger skips.
 */
function dropNonClassParamTypes(app: INestApplication): void {
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const proto = (wrapper.metatype as { prototype?: object } | undefined)?.prototype;
      if (!proto) continue;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const types = Reflect.getMetadata(PARAMTYPES, proto, name) as unknown[] | undefined;
        if (types?.some((t) => typeof t !== 'function')) {
          Reflect.defineMetadata(PARAMTYPES, types.map((t) => (typeof t === 'function' ? t : Object)), proto, name);
        }
      }
    }
  }
}

export const DOCS_PATH = 'api/docs';

/** The OpenAPI document of every route Nest knows (controllers' decorators and the zod schemas they validate with). */
export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Reachwatch API')
    .setDescription(
      'Kubernetes NetworkPolicy observability. Errors are always {"error":{"code","message","details"}}. ' +
        'Authenticate with a bearer token (login session rws_… or personal token rwp_…) or the session cookie; ' +
        'cookie-authenticated requests that change something need the header X-Requested-With. Lists take `limit` and an opaque `cursor`.',
    )
    .setVersion('v1')
    .addBearerAuth()
    .addCookieAuth('rw_session')
    .addSecurityRequirements('bearer')
    .build();
  dropNonClassParamTypes(app);
  return SwaggerModule.createDocument(app, config);
}

/**
 * UI at /api/docs, JSON at /api/docs-json. Served by express directly (not a Nest route), so the global
 * auth guard does not apply: the document describes the API, it holds no data.
 */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApi(app), { jsonDocumentUrl: `${DOCS_PATH}-json`, yamlDocumentUrl: `${DOCS_PATH}-yaml` });
}
