import type {
  OpenAPIObject,
  ParameterObject,
  ReferenceObject,
  SchemaObject,
} from '@nestjs/swagger';

/** What the documentation says about one field or query parameter. */
export interface FieldSchema {
  type?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
}

/** A JSON object body: its fields, and which of them are required. */
export interface BodySchema {
  properties: Record<string, FieldSchema>;
  required: string[];
}

export interface Endpoint {
  method: string;
  /** OpenAPI form, params in braces: "/api/rooms/{slug}/messages". */
  template: string;
  pathParams: string[];
  query: { name: string; schema: FieldSchema }[];
  /** The documented JSON body, when the operation takes one. */
  body?: BodySchema;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/**
 * Every operation of the running app, read from the OpenAPI document Nest builds
 * from its controllers (what /api/docs-json serves): an endpoint added later is
 * swept without anyone listing it. The docs routes themselves are not controller
 * routes and so are not in it.
 */
export function discoverEndpoints(document: OpenAPIObject): Endpoint[] {
  const endpoints: Endpoint[] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const parameters = (operation.parameters ?? []).map((parameter) =>
        resolve<ParameterObject>(document, parameter),
      );
      const schema = operation.requestBody
        ? resolve(document, operation.requestBody).content['application/json']?.schema
        : undefined;
      endpoints.push({
        method: method.toUpperCase(),
        template,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: fieldSchema(document, p.schema) })),
        body: schema ? bodySchema(document, schema) : undefined,
      });
    }
  }
  return endpoints;
}

function resolve<T extends object>(document: OpenAPIObject, value: T | ReferenceObject): T {
  if (!('$ref' in value)) return value;
  // "#/components/schemas/CreateRoomDto" → document.components.schemas.CreateRoomDto
  const target = value.$ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], document);
  return resolve(document, target as T | ReferenceObject);
}

function fieldSchema(
  document: OpenAPIObject,
  schema: SchemaObject | ReferenceObject | undefined,
): FieldSchema {
  if (!schema) return {};
  const { type, pattern, minLength, maxLength, minimum, maximum, format } = resolve(
    document,
    schema,
  );
  return {
    type: typeof type === 'string' ? type : undefined,
    pattern,
    minLength,
    maxLength,
    minimum,
    maximum,
    format,
  };
}

function bodySchema(document: OpenAPIObject, schema: SchemaObject | ReferenceObject): BodySchema {
  const resolved = resolve(document, schema);
  return {
    properties: Object.fromEntries(
      Object.entries(resolved.properties ?? {}).map(([name, property]) => [
        name,
        fieldSchema(document, property),
      ]),
    ),
    required: resolved.required ?? [],
  };
}

/** "/api/rooms/{slug}" with each param replaced by the (already encoded) value given for it. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => values[name] ?? '');
}
