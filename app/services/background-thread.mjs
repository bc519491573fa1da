/* Starts the server's background thread (background-thread.server.ts) under tsx: its
   program and everything it imports are the app's TypeScript sources. Plain JavaScript,
   so that it starts the same under every parent (the server under tsx, remix-serve, vitest). */
import { register } from 'tsx/esm/api'

register()
await import('./background-thread.server.ts')
