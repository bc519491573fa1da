/* No import cycles in app/: the floors (routes → services → models → utils, with
   domain, components and forms beside them) only work if each imports only below it.
   Builds the static import graph (`import`, `import type`, `export … from`) from app/
   outward through #app/, #db/, #emails/ and relative paths, and lists every cycle. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const SOURCE = /\.(ts|tsx|mjs|js)$/
const EXTENSIONS = ['.ts', '.tsx', '.mjs', '.js']

type Graph = Map<string, string[]>

/** Every module specifier a file imports statically, type-only imports included. */
export function importSpecifiers(fileName: string, text: string): string[] {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : /\.m?js$/.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind)
  const specifiers: string[] = []
  for (const statement of source.statements) {
    if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier))
      specifiers.push(statement.moduleSpecifier.text)
  }
  return specifiers
}

/** The project file a specifier names (package.json "imports": `#*` → `./*`), or null for packages and assets. */
function resolveSpecifier(from: string, specifier: string): string | null {
  let base: string
  if (specifier.startsWith('#')) base = join(ROOT, specifier.slice(1))
  else if (specifier.startsWith('.')) base = resolve(dirname(from), specifier)
  else return null
  const candidates = [base, ...EXTENSIONS.map((ext) => base + ext), ...EXTENSIONS.map((ext) => join(base, `index${ext}`))]
  if (/\.js$/.test(base)) candidates.push(base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'))
  const found = candidates.find((file) => SOURCE.test(file) && existsSync(file) && statSync(file).isFile())
  return found ?? null
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? filesUnder(path) : SOURCE.test(entry.name) ? [path] : []
  })
}

/** app/ and every project file reachable from it (db/, emails/), keyed by path from the root. */
function buildGraph(): Graph {
  const graph: Graph = new Map()
  const queue = filesUnder(join(ROOT, 'app'))
  const seen = new Set(queue)
  while (queue.length > 0) {
    const file = queue.pop()!
    const targets = new Set<string>()
    for (const specifier of importSpecifiers(file, readFileSync(file, 'utf8'))) {
      const target = resolveSpecifier(file, specifier)
      if (!target) continue
      targets.add(relative(ROOT, target))
      if (!seen.has(target)) {
        seen.add(target)
        queue.push(target)
      }
    }
    graph.set(relative(ROOT, file), [...targets].sort())
  }
  return graph
}

/** Tarjan's strongly connected components; only those that hold a cycle (2+ nodes, or a node importing itself). */
export function cyclicComponents(graph: Graph): string[][] {
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const components: string[][] = []

  const visit = (node: string) => {
    index.set(node, next)
    low.set(node, next)
    next++
    stack.push(node)
    onStack.add(node)
    for (const target of graph.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target)
        low.set(node, Math.min(low.get(node)!, low.get(target)!))
      } else if (onStack.has(target)) low.set(node, Math.min(low.get(node)!, index.get(target)!))
    }
    if (low.get(node) !== index.get(node)) return
    const component: string[] = []
    let member: string
    do {
      member = stack.pop()!
      onStack.delete(member)
      component.push(member)
    } while (member !== node)
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) components.push(component.sort())
  }

  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node)
  return components.sort((a, b) => a[0].localeCompare(b[0]))
}

/** Readable cycles covering a component: the shortest way back to each member, each cycle once. */
export function cyclesIn(graph: Graph, component: string[]): string[] {
  const inside = new Set(component)
  const cycles = new Map<string, string>()
  for (const start of component) {
    // Breadth-first from start's imports until the path returns to start.
    const previous = new Map<string, string>()
    const queue = (graph.get(start) ?? []).filter((t) => inside.has(t))
    for (const t of queue) previous.set(t, start)
    let end: string | undefined = queue.includes(start) ? start : undefined
    for (let i = 0; i < queue.length && !end; i++) {
      for (const t of graph.get(queue[i]) ?? []) {
        if (!inside.has(t) || previous.has(t)) continue
        previous.set(t, queue[i])
        if (t === start) {
          end = t
          break
        }
        queue.push(t)
      }
    }
    const path = [start]
    for (let node = previous.get(start)!; node !== start; node = previous.get(node)!) path.unshift(node)
    path.unshift(start)
    // The same cycle found from another member is the same cycle: key it by its smallest rotation.
    const ring = path.slice(1)
    const at = ring.indexOf([...ring].sort()[0])
    const key = [...ring.slice(at), ...ring.slice(0, at)].join(' → ')
    if (!cycles.has(key)) cycles.set(key, path.join(' → '))
  }
  return [...cycles.values()]
}

describe('the cycle detector', () => {
  const fake: Graph = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a', 'd']],
    ['d', ['e']],
    ['e', []],
    ['f', ['f']],
    ['g', ['h']],
    ['h', ['g', 'e']],
  ])

  it('finds each cycle in a fake graph, and nothing in its acyclic part', () => {
    expect(cyclicComponents(fake)).toEqual([['a', 'b', 'c'], ['f'], ['g', 'h']])
    expect(cyclesIn(fake, ['a', 'b', 'c'])).toEqual(['a → b → c → a'])
    expect(cyclesIn(fake, ['f'])).toEqual(['f → f'])
    expect(cyclesIn(fake, ['g', 'h'])).toEqual(['g → h → g'])
    expect(cyclicComponents(new Map([['x', ['y']], ['y', []]]))).toEqual([])
  })

  it('lists two cycles that share a module, each once, whichever member it starts from', () => {
    const shared: Graph = new Map([
      ['a', ['b']],
      ['b', ['a', 'c']],
      ['c', ['d']],
      ['d', ['b']],
    ])
    const [component] = cyclicComponents(shared)
    expect(component).toEqual(['a', 'b', 'c', 'd'])
    expect(cyclesIn(shared, component)).toEqual(['a → b → a', 'c → d → b → c'])
  })

  it('reads `import`, `import type`, `export … from` and `export *`, and not dynamic imports', () => {
    const text = [
      "import { a } from '#app/a'",
      "import type { B } from './b'",
      "import './side-effect'",
      "export { c } from '../c'",
      "export * from '#db/d'",
      "export type { E } from '#emails/e'",
      "const later = () => import('./dynamic')",
      'export const f = 1',
    ].join('\n')
    expect(importSpecifiers('x.tsx', text)).toEqual(['#app/a', './b', './side-effect', '../c', '#db/d', '#emails/e'])
  })
})

describe('app/ imports', () => {
  it('has no import cycles', () => {
    const graph = buildGraph()
    // Guards against a resolver that finds nothing and so finds no cycles.
    expect(graph.get('app/routes/s.$token.tsx')).toContain('app/services/survey-links.server.ts')
    expect([...graph.keys()].some((file) => file.startsWith('db/'))).toBe(true)
    const cycles = cyclicComponents(graph).flatMap((component) => cyclesIn(graph, component))
    expect(cycles, `import cycles:\n${cycles.join('\n')}`).toEqual([])
  })
})
