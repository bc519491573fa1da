/* P5: what a page costs to load — its HTML, stylesheets and every script it
   references (following static imports between chunks), each gzipped with zlib. */
import { gzipSync } from 'node:zlib'
import { fetchGet } from './load'

export type PageWeight = {
  htmlGzip: number
  cssGzip: number
  jsGzip: number
  totalGzip: number
  urls: string[]
  /** Works with JavaScript off: a plain POST form and no external script. */
  plainForm: boolean
  scriptSrc: number
  inlineScripts: number
  chartUrls: string[]
}

const gz = (buf: Buffer) => gzipSync(buf, { level: 9 }).byteLength

async function fetchBytes(url: string): Promise<Buffer> {
  const res = await fetchGet(url)
  const buf = Buffer.from(await res.arrayBuffer())
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`)
  return buf
}

const attr = (tag: string, name: string) => tag.match(new RegExp(`\\b${name}=["']([^"']+)["']`, 'i'))?.[1]

/** Static imports inside a module: `import "x"`, `import {a} from "x"`, `export * from "x"`. */
function importsOf(js: string): string[] {
  return [...js.matchAll(/(?:import|export)\s*(?:[\w*${}\s,]+from\s*)?["']([^"']+\.js)["']/g)].map((m) => m[1])
}

export async function pageWeight(pageUrl: string): Promise<PageWeight> {
  const html = await fetchBytes(pageUrl)
  const text = html.toString('utf8')
  const css = new Set<string>()
  const js = new Set<string>()
  for (const [tag] of text.matchAll(/<link\b[^>]*>/gi)) {
    const rel = attr(tag, 'rel')?.toLowerCase()
    const href = attr(tag, 'href')
    if (!href) continue
    if (rel === 'stylesheet') css.add(new URL(href, pageUrl).href)
    if (rel === 'modulepreload') js.add(new URL(href, pageUrl).href)
  }
  let scriptSrc = 0
  let inlineScripts = 0
  for (const [, open, body] of text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const src = attr(open, 'src')
    if (src) {
      scriptSrc++
      js.add(new URL(src, pageUrl).href)
    } else if (body.trim()) {
      inlineScripts++
      for (const spec of importsOf(body)) js.add(new URL(spec, pageUrl).href)
    }
  }
  let cssGzip = 0
  for (const url of css) cssGzip += gz(await fetchBytes(url))
  let jsGzip = 0
  const queue = [...js]
  const seen = new Set(queue)
  while (queue.length && seen.size < 500) {
    const url = queue.shift()!
    const body = await fetchBytes(url)
    jsGzip += gz(body)
    for (const spec of importsOf(body.toString('utf8'))) {
      const next = new URL(spec, url).href
      if (!seen.has(next)) {
        seen.add(next)
        queue.push(next)
      }
    }
  }
  const urls = [pageUrl, ...css, ...seen]
  const htmlGzip = gz(html)
  return {
    htmlGzip,
    cssGzip,
    jsGzip,
    totalGzip: htmlGzip + cssGzip + jsGzip,
    urls,
    plainForm: /<form\b[^>]*\bmethod=["']post["']/i.test(text),
    scriptSrc,
    inlineScripts,
    // The page's own URL carries a random token: only the assets are checked.
    chartUrls: urls.slice(1).filter((u) => /chart/i.test(u)),
  }
}
