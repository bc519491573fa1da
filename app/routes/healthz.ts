import { checkDatabase } from '#app/models/health.server'

export async function loader() {
  try {
    checkDatabase()
    return new Response('ok', { status: 200, headers: { 'Cache-Control': 'no-store' } })
  } catch (error) {
    console.error('healthz: database check failed', error)
    return new Response('database unavailable', { status: 503, headers: { 'Cache-Control': 'no-store' } })
  }
}
