import { z } from 'zod';

/**
 * An OpenAPI 3.1 document built from the zod schemas that validate requests and shape answers,
 * so that the document cannot say what the code does not enforce. Used by the admin API's and
 * ingest's documents alike.
 */

export type JsonSchema = { [key: string]: unknown };
export type HttpMethod = 'get' | 'post' | 'patch' | 'delete';

export type ResponseSpec = {
  description: string;
  /** The JSON answer's shape; absent for an answer without a body. */
  schema?: z.ZodType;
  /** Other media types the operation answers with, by content type (for example text/csv). */
  alternatives?: Record<string, JsonSchema>;
};

export type OperationSpec = {
  method: HttpMethod;
  /** In OpenAPI form: `/api/v1/links/{id}`; each `{param}` becomes a required path parameter. */
  path: string;
  summary: string;
  tags: string[];
  description?: string;
  /** No authentication at all (health, the document itself, the pixel's endpoints). */
  public?: boolean;
  /** Another security scheme than the document's default, by name. */
  security?: string;
  /** What each path parameter is; a parameter not named here is a plain string. */
  pathParams?: Record<string, string>;
  /** The zod object the route parses its query string with. */
  query?: z.ZodObject;
  /** The zod schema the route parses its JSON body with. */
  body?: z.ZodType;
  /** Content types the body may also arrive as (the pixel's beacons come as text/plain too). */
  bodyContentTypes?: string[];
  responses: Record<string, ResponseSpec>;
};

export type Parameter = { name: string; in: 'path' | 'query'; required: boolean; description?: string; schema: JsonSchema };
export type Operation = {
  summary: string;
  tags: string[];
  description?: string;
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
};
export type OpenApiDocument = {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers?: { url: string; description?: string }[];
  components: { securitySchemes: Record<string, JsonSchema>; schemas: Record<string, JsonSchema> };
  security: Record<string, string[]>[];
  paths: Record<string, Partial<Record<HttpMethod, Operation>>>;
};

export type DocumentSpec = {
  info: OpenApiDocument['info'];
  servers?: OpenApiDocument['servers'];
  securitySchemes: Record<string, JsonSchema>;
  /** The scheme every operation needs unless it says otherwise. */
  defaultSecurity: string;
  /** Answer shapes named once and referenced (`#/components/schemas/Name`). */
  components: Record<string, z.ZodType>;
  operations: OperationSpec[];
};

const COMPONENT_REF = '#/components/schemas/';

type Names = Map<unknown, string>;

/**
 * zod → JSON Schema 2020-12 (OpenAPI 3.1's dialect). A named component inside becomes a $ref;
 * `.meta()` and `.describe()` (zod's global registry) are kept.
 */
function toSchema(schema: z.ZodType, io: 'input' | 'output', names: Names, root?: string): JsonSchema {
  const id = names.get(schema);
  if (id && id !== root) return { $ref: `${COMPONENT_REF}${id}` };
  const converted = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      const named = names.get(zodSchema);
      if (named && (zodSchema as unknown) !== schema) {
        for (const key of Object.keys(jsonSchema)) delete (jsonSchema as JsonSchema)[key];
        (jsonSchema as JsonSchema).$ref = `${COMPONENT_REF}${named}`;
      }
      // A date-time is said by its format; zod's full pattern would only repeat it, unreadably.
      if (jsonSchema.format === 'date-time') delete jsonSchema.pattern;
    },
  }) as JsonSchema;
  delete converted.$schema;
  return converted;
}

function parametersOf(spec: OperationSpec, names: Names): Parameter[] {
  const inPath: Parameter[] = [...spec.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name: name as string,
    in: 'path',
    required: true,
    ...(spec.pathParams?.[name as string] && { description: spec.pathParams[name as string] }),
    schema: { type: 'string' },
  }));
  const inQuery: Parameter[] = Object.entries(spec.query?.shape ?? {}).map(([name, field]) => {
    const schema = toSchema(field as z.ZodType, 'input', names);
    const description = typeof schema.description === 'string' ? schema.description : undefined;
    delete schema.description;
    return { name, in: 'query', required: !(field as z.ZodType).safeParse(undefined).success, ...(description && { description }), schema };
  });
  return [...inPath, ...inQuery];
}

function operationOf(spec: OperationSpec, doc: DocumentSpec, names: Names): Operation {
  const parameters = parametersOf(spec, names);
  const operation: Operation = { summary: spec.summary, tags: spec.tags, responses: {} };
  if (spec.description) operation.description = spec.description;
  if (spec.public) operation.security = [];
  else if (spec.security && spec.security !== doc.defaultSecurity) operation.security = [{ [spec.security]: [] }];
  if (parameters.length) operation.parameters = parameters;
  if (spec.body) {
    const schema = toSchema(spec.body, 'input', names);
    const types = ['application/json', ...(spec.bodyContentTypes ?? [])];
    operation.requestBody = { required: true, content: Object.fromEntries(types.map((type) => [type, { schema }])) };
  }
  for (const [status, response] of Object.entries(spec.responses)) {
    const content = {
      ...(response.schema && { 'application/json': { schema: toSchema(response.schema, 'output', names) } }),
      ...Object.fromEntries(Object.entries(response.alternatives ?? {}).map(([type, schema]) => [type, { schema }])),
    };
    operation.responses[status] = { description: response.description, ...(Object.keys(content).length && { content }) };
  }
  return operation;
}

export function buildOpenApiDocument(doc: DocumentSpec): OpenApiDocument {
  const names: Names = new Map(Object.entries(doc.components).map(([id, schema]) => [schema, id]));
  const components = Object.fromEntries(Object.entries(doc.components).map(([id, schema]) => [id, toSchema(schema, 'output', names, id)]));
  const paths: OpenApiDocument['paths'] = {};
  for (const spec of doc.operations) {
    const item = (paths[spec.path] ??= {});
    if (item[spec.method]) throw new Error(`${spec.method.toUpperCase()} ${spec.path} is documented twice`);
    item[spec.method] = operationOf(spec, doc, names);
  }
  return {
    openapi: '3.1.0',
    info: doc.info,
    ...(doc.servers && { servers: doc.servers }),
    components: { securitySchemes: doc.securitySchemes, schemas: components },
    security: [{ [doc.defaultSecurity]: [] }],
    paths,
  };
}
