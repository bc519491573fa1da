/* The production server (`npm start`): remix-serve's stack — compression, static
   assets, an access log, the Remix handler — plus one fast path. A respondent's plain
   answer to /s/:token is the one request that comes in thousands at once during a
   large wave; it skips the framework's request pipeline (route matching, the Fetch
   Request, the action machinery), which cost more than the answer itself. The fast
   path runs the route's own rules from the build (respondentFastPath in
   entry.server.tsx); whatever it does not take goes to the route with its body. */
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { IncomingMessage } from 'node:http'
import { Readable } from 'node:stream'
import { createRequestHandler as createNodeHandler, installGlobals, type ServerBuild } from '@remix-run/node'
import { createRequestHandler } from '@remix-run/express'
import compression from 'compression'
import express, { type Request as ExpressRequest, type RequestHandler, type Response as ExpressResponse } from 'express'
import morgan from 'morgan'
import type { RespondentFastPath } from './entry.server'
import { clientAddressOf } from './utils/client-address.server'
import { CROSS_SITE_REFUSAL, isCrossSiteWrite } from './utils/cross-site.server'
import { getEnv } from './utils/env.server'

const buildPath = path.resolve(process.argv[2] ?? 'build/index.js')
const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild
installGlobals({ nativeFetch: build.future.v3_singleFetch })
const fastPath = (build.entry.module as unknown as { respondentFastPath: RespondentFastPath }).respondentFastPath
const mode = process.env.NODE_ENV ?? 'production'
const handleWithRemix = createNodeHandler(build, mode)
const { APP_URL, TRUST_PROXY } = getEnv()
const appOrigin = new URL(APP_URL).origin

/** What every loader and action is given (AppLoadContext, app/utils/client-address.server.ts). */
function loadContext(req: ExpressRequest) {
  return { clientAddress: clientAddressOf({ socketAddress: req.socket.remoteAddress, forwardedFor: req.headers['x-forwarded-for'], trustedHops: TRUST_PROXY }) }
}

/** Before any action: a write from another site is refused (app/utils/cross-site.server.ts). */
const refuseCrossSiteWrites: RequestHandler = (req, res, next) => {
  // The request's own origin counts too: the demo opened as 127.0.0.1 instead of APP_URL's localhost is still itself.
  const own = `${req.protocol}://${req.get('host') ?? ''}`
  const refused = isCrossSiteWrite({ method: req.method, path: req.path, origin: req.get('origin') ?? null, secFetchSite: req.get('sec-fetch-site') ?? null, allowedOrigins: [appOrigin, own] })
  if (!refused) return next()
  res.status(403).type('html').set('Cache-Control', 'no-store').send(CROSS_SITE_REFUSAL)
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** The request as Remix's adapter would build it; its body already read, or still the stream. */
function remixRequest(req: ExpressRequest, body: Buffer | undefined): Request {
  const headers = new Headers()
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1])
  const url = new URL(req.originalUrl, `${req.protocol}://${req.get('host') ?? 'localhost'}`)
  if (body) return new Request(url, { method: req.method, headers, body: new Uint8Array(body) })
  return new Request(url, { method: req.method, headers, body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } as RequestInit)
}

async function sendResponse(res: ExpressResponse, response: Response) {
  res.status(response.status)
  for (const [key, value] of response.headers) res.append(key, value)
  if (!response.body) return void res.end()
  Readable.fromWeb(response.body as import('node:stream/web').ReadableStream).pipe(res)
}

/** A respondent's POST: a plain answer is stored and redirected here; anything else goes on with its body read. */
const answerFast: RequestHandler = (req, res, next) => {
  const length = Number(req.get('content-length'))
  // Only a small body of declared length is read here; anything else reaches the route as it came.
  if (!Number.isSafeInteger(length) || length > fastPath.maxBodyBytes) return next()
  readBody(req)
    .then(async (body) => {
      const location = await fastPath.accept({ token: req.params.token, contentType: req.get('content-type') ?? '', body: body.toString('utf8'), now: new Date() })
      // What Remix answers for an action's redirect: a 303 with no body (express's res.redirect would negotiate one).
      if (location) return void res.writeHead(303, { Location: location, 'Content-Length': '0' }).end()
      res.locals.body = body
      next()
    })
    .catch(next)
}

const remixWithBody: RequestHandler = (req, res, next) => {
  handleWithRemix(remixRequest(req, res.locals.body as Buffer | undefined), loadContext(req))
    .then((response) => sendResponse(res, response))
    .catch(next)
}

const log = morgan('tiny')
const app = express()
app.disable('x-powered-by')
app.use(refuseCrossSiteWrites)
// The respondent's POST before compression: the fast path's redirect has no body to compress.
app.post('/s/:token', log, answerFast, compression(), remixWithBody)
app.use(compression())
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: '1y' }))
app.use(express.static('public', { maxAge: '1h' }))
app.use(log)
app.all('*', createRequestHandler({ build, mode, getLoadContext: loadContext }))

const port = Number(process.env.PORT) || 3000
const host = process.env.HOST
const onListen = () => console.log(`[hatescale] http://${host ?? 'localhost'}:${port}`)
const server = host ? app.listen(port, host, onListen) : app.listen(port, onListen)
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    // The outbox and the queue's marks are in the database: stopping between two writes loses nothing.
    // No scheduled job starts once shutting down (the build's scheduler, app/utils/scheduler.server.ts).
    void globalThis.__hatescaleScheduler?.stop()
    server.close(() => process.exit(0))
    server.closeIdleConnections()
  })
}
