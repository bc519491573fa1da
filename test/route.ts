/* Calling Remix loaders and actions directly, as the framework would, and
   reading their answer whatever form it takes (Response, data(), plain object). */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'

type Handler = (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loader data of every shape
export type RouteResult = { status: number; data: any; headers: Headers; location: string | null }

export type CallOptions = {
  url?: string
  params?: Record<string, string>
  cookie?: string
  form?: Record<string, string | string[]> | FormData
  body?: BodyInit
  headers?: Record<string, string>
  method?: string
  /** The load context the server would give (e.g. { clientAddress }). */
  context?: Record<string, unknown>
}

export function buildRequest(path: string, { cookie, form, body, headers = {}, method }: CallOptions = {}): Request {
  const h = new Headers(headers)
  if (cookie) h.set('Cookie', cookie)
  let payload: BodyInit | undefined = body
  if (form) {
    if (form instanceof FormData) payload = form
    else {
      const params = new URLSearchParams()
      for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) params.append(k, one)
      payload = params
    }
  }
  return new Request(new URL(path, 'http://localhost'), { method: method ?? (payload ? 'POST' : 'GET'), headers: h, body: payload })
}

async function normalize(value: unknown): Promise<RouteResult> {
  if (value instanceof Response) {
    const type = value.headers.get('content-type') ?? ''
    const data = value.body ? (type.includes('json') ? await value.json() : await value.text()) : null
    return { status: value.status, data, headers: value.headers, location: value.headers.get('location') }
  }
  if (value && typeof value === 'object' && (value as { type?: string }).type === 'DataWithResponseInit') {
    const { data, init } = value as { data: unknown; init: ResponseInit | null }
    return { status: init?.status ?? 200, data, headers: new Headers(init?.headers), location: null }
  }
  return { status: 200, data: value, headers: new Headers(), location: null }
}

/** Runs a loader or action; thrown Responses (redirects, 404s) are answers too. */
export async function call(handler: Handler, path: string, options: CallOptions = {}): Promise<RouteResult> {
  const request = buildRequest(path, options)
  try {
    return await normalize(await handler({ request, params: options.params ?? {}, context: options.context ?? {} }))
  } catch (thrown) {
    if (thrown instanceof Response) return normalize(thrown)
    throw thrown
  }
}
