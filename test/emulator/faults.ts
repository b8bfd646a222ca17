/** Scripted REST faults: answer matching calls with an error (429, 5xx, anything) or answer them late. */

/** What a matcher sees of a request. `path` excludes `/api/v10` and the query string. */
export interface RequestSummary {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The spec's operationId (e.g. `create_interaction_response`), or null for unknown routes. */
  operationId: string | null;
}

/** Selects requests: every given field must match (a string `path` must be equal, a RegExp must match). */
export type CallMatcher =
  | { method?: string; path?: string | RegExp; operationId?: string }
  | ((request: RequestSummary) => boolean);

/**
 * An injected answer. A 429 carries `retry_after` (seconds) in its body and the `Retry-After` and
 * `X-RateLimit-*` headers Discord sends, so @discordjs/rest waits and retries; `global` adds
 * `X-RateLimit-Global`. 5xx answers make @discordjs/rest retry (3 times by default).
 */
export type RestFault =
  | { status: 429; retryAfter: number; global?: boolean; scope?: 'user' | 'global' | 'shared' }
  | { status: 500 | 502 | 503 | 504 }
  | { status: number; body: unknown; headers?: Record<string, string> };

/** A scripted fault or delay; `cancel()` removes what is left of it. */
export interface FaultHandle {
  /** How many more requests it will affect. */
  readonly remaining: number;
  /** How many requests it has affected. */
  readonly used: number;
  cancel(): void;
}

interface Entry<T> {
  matcher: CallMatcher;
  value: T;
  remaining: number;
  used: number;
}

export function matches(matcher: CallMatcher, request: RequestSummary): boolean {
  if (typeof matcher === 'function') return matcher(request);
  if (matcher.method && matcher.method.toUpperCase() !== request.method) return false;
  if (matcher.operationId && matcher.operationId !== request.operationId) return false;
  if (typeof matcher.path === 'string' && matcher.path !== request.path) return false;
  if (matcher.path instanceof RegExp && !matcher.path.test(request.path)) return false;
  return true;
}

class Schedule<T> {
  private readonly entries: Entry<T>[] = [];

  add(matcher: CallMatcher, value: T, times: number): FaultHandle {
    const entry: Entry<T> = { matcher, value, remaining: times, used: 0 };
    this.entries.push(entry);
    return {
      get remaining() {
        return entry.remaining;
      },
      get used() {
        return entry.used;
      },
      cancel: () => {
        entry.remaining = 0;
      },
    };
  }

  /** The first live entry matching the request, consuming one use. */
  take(request: RequestSummary): T | undefined {
    const entry = this.entries.find((e) => e.remaining > 0 && matches(e.matcher, request));
    if (!entry) return undefined;
    entry.remaining--;
    entry.used++;
    return entry.value;
  }
}

export class FaultPlan {
  private readonly faults = new Schedule<RestFault>();
  private readonly delays = new Schedule<number>();

  failNext(matcher: CallMatcher, fault: RestFault, times = 1): FaultHandle {
    return this.faults.add(matcher, fault, times);
  }

  delay(matcher: CallMatcher, ms: number, times = Number.POSITIVE_INFINITY): FaultHandle {
    return this.delays.add(matcher, ms, times);
  }

  takeFault(request: RequestSummary): RestFault | undefined {
    return this.faults.take(request);
  }

  takeDelay(request: RequestSummary): number | undefined {
    return this.delays.take(request);
  }
}

/** The status, headers and body Discord would send for a fault. */
export function faultResponse(
  fault: RestFault,
  bucket: string,
): { status: number; headers: Record<string, string>; body: unknown } {
  if (fault.status === 429 && 'retryAfter' in fault) {
    const scope = fault.scope ?? (fault.global ? 'global' : 'user');
    const headers: Record<string, string> = {
      'retry-after': String(Math.max(0, fault.retryAfter)),
      'x-ratelimit-scope': scope,
    };
    if (fault.global) {
      headers['x-ratelimit-global'] = 'true';
    } else {
      Object.assign(headers, {
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': ((Date.now() + fault.retryAfter * 1000) / 1000).toFixed(3),
        'x-ratelimit-reset-after': fault.retryAfter.toFixed(3),
        'x-ratelimit-bucket': bucket,
      });
    }
    return {
      status: 429,
      headers,
      body: {
        message: 'You are being rate limited.',
        retry_after: fault.retryAfter,
        global: fault.global === true,
        code: 0,
      },
    };
  }
  if ('body' in fault) return { status: fault.status, headers: fault.headers ?? {}, body: fault.body };
  const text: Record<number, string> = {
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  return {
    status: fault.status,
    headers: {},
    body: { message: `${fault.status}: ${text[fault.status] ?? 'Error'}`, code: 0 },
  };
}
