/**
 * Discord's official OpenAPI document, read at run time from the shared reference copy next to the
 * repository (never copied into it), and the operation lookup built from its `paths`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The parts of an OpenAPI operation the emulator uses. */
export interface SpecOperation {
  operationId: string;
  method: string;
  /** The path template as written in the spec, e.g. `/channels/{channel_id}/messages/{message_id}`. */
  template: string;
  /** False when the spec lists an anonymous security alternative (`{}`), as for interaction callbacks. */
  requiresBotToken: boolean;
  /** Request body schemas by content type, as written in the spec. */
  requestBody: Record<string, unknown> | null;
}

/** A request path resolved to its operation, with the template's parameters filled in. */
export interface MatchedOperation {
  operation: SpecOperation;
  params: Record<string, string>;
}

/** The subset of the OpenAPI 3.1 document the emulator reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown> };
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the shared Discord reference material lives: `../shared/discord/` next to the repository. */
export const sharedDiscordDir = path.resolve(repoRoot, '../shared/discord');

/** Default location of `openapi.json`. */
export const defaultSpecPath = path.resolve(repoRoot, '../shared/discord/openapi.json');

const loaded = new Map<string, OpenApiDocument>();

/** Reads and parses the spec once per path (it is about 1 MB). */
export function loadSpec(specPath: string = defaultSpecPath): OpenApiDocument {
  const cached = loaded.get(specPath);
  if (cached) return cached;
  let text: string;
  try {
    text = readFileSync(specPath, 'utf8');
  } catch (cause) {
    throw new Error(`Discord's OpenAPI spec was not found at ${specPath} (expected ../shared/discord/)`, {
      cause,
    });
  }
  const spec = JSON.parse(text) as OpenApiDocument;
  loaded.set(specPath, spec);
  return spec;
}

const httpMethods = ['get', 'put', 'post', 'patch', 'delete'] as const;

interface CompiledRoute {
  operation: SpecOperation;
  segments: string[];
  /** Literal segments count more than parameters, so `/messages/pins` beats `/messages/{message_id}`. */
  literalCount: number;
}

/** Finds the spec operation for a method and path (the part after `/api/v10`). */
export class OperationIndex {
  private readonly routes: CompiledRoute[] = [];
  private readonly byId = new Map<string, SpecOperation>();

  constructor(spec: OpenApiDocument) {
    for (const [template, item] of Object.entries(spec.paths)) {
      for (const method of httpMethods) {
        const raw = item[method] as
          | {
              operationId?: string;
              security?: unknown[];
              requestBody?: { content?: Record<string, unknown> };
            }
          | undefined;
        if (!raw?.operationId) continue;
        const security = raw.security ?? [];
        const anonymousAllowed =
          security.length === 0 ||
          security.some((s) => typeof s === 'object' && s !== null && Object.keys(s).length === 0);
        const operation: SpecOperation = {
          operationId: raw.operationId,
          method: method.toUpperCase(),
          template,
          requiresBotToken: !anonymousAllowed,
          requestBody: raw.requestBody?.content ?? null,
        };
        const segments = template.split('/').filter(Boolean);
        this.routes.push({
          operation,
          segments,
          literalCount: segments.filter((s) => !s.startsWith('{')).length,
        });
        this.byId.set(operation.operationId, operation);
      }
    }
    this.routes.sort((a, b) => b.literalCount - a.literalCount);
  }

  operation(operationId: string): SpecOperation | undefined {
    return this.byId.get(operationId);
  }

  match(method: string, requestPath: string): MatchedOperation | null {
    const parts = requestPath
      .split('/')
      .filter(Boolean)
      .map((part) => {
        try {
          return decodeURIComponent(part);
        } catch {
          return part;
        }
      });
    const upper = method.toUpperCase();
    for (const route of this.routes) {
      if (route.operation.method !== upper || route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      route.segments.forEach((segment, i) => {
        const part = parts[i] ?? '';
        if (segment.startsWith('{')) params[segment.slice(1, -1)] = part;
        else if (segment !== part) ok = false;
      });
      if (ok) return { operation: route.operation, params };
    }
    return null;
  }
}
