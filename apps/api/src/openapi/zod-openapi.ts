import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';

/**
 * OpenAPI from the zod schemas the routes validate with (zod 4's own JSON Schema export), so the document
 * cannot drift from the validation. Query schemas are objects: each property becomes one parameter.
 */
export function ApiZodQuery(schema: z.ZodObject): MethodDecorator {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  const required = new Set(json.required ?? []);
  return applyDecorators(
    ...Object.entries(json.properties ?? {}).map(([name, prop]) =>
      ApiQuery({ name, required: required.has(name), schema: prop as object, description: prop.description as string | undefined }),
    ),
  );
}

export function ApiZodBody(schema: z.ZodType, description?: string): MethodDecorator {
  return ApiBody({ schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as object, description });
}

/** The `{cluster}` path parameter every cluster resource has. */
export const ClusterParam = () => ApiParam({ name: 'cluster', description: "The cluster's name. 404 when it does not exist or is outside the caller's grants." });
