/* Starts the background thread from the TypeScript sources, under tsx: for tests and
   scripts that run the sources. A built server's thread runs the build itself instead
   (see app/utils/background.server.ts). Plain JavaScript, so that any parent starts it. */
import { parentPort } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
const { serveBackgroundRequests } = await import('./background-thread.server.ts')
serveBackgroundRequests(parentPort)
