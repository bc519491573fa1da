import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useMatches, useRouteLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary'
import { getUser } from '#app/services/auth.server'
import { useNonce } from '#app/utils/nonce'
import styles from '#app/styles/app.css'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: 'Hatescale' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request)
  return { user: user ? { name: user.name, role: user.role } : null }
}

function Nav() {
  const data = useRouteLoaderData<typeof loader>('root')
  const user = data?.user
  return (
    <header className="topbar">
      <nav className="container topbar-inner" aria-label="Main">
        <NavLink to="/" className="brand">
          Hatescale
        </NavLink>
        {user ? (
          <>
            <ul className="nav-links">
              <li>
                <NavLink to="/accounts" end>
                  Accounts
                </NavLink>
              </li>
              <li>
                <NavLink to="/sentiment">Sentiment</NavLink>
              </li>
              <li>
                <NavLink to="/champions">Champions</NavLink>
              </li>
              <li>
                <NavLink to="/queue">Queue</NavLink>
              </li>
              {user.role !== 'account_team' ? (
                <>
                  <li>
                    <NavLink to="/waves">Waves</NavLink>
                  </li>
                  <li>
                    <NavLink to="/accounts/import">Import</NavLink>
                  </li>
                </>
              ) : null}
              {user.role === 'admin' ? (
                <>
                  <li>
                    <NavLink to="/admin/users">Users</NavLink>
                  </li>
                  <li>
                    <NavLink to="/admin/settings">Settings</NavLink>
                  </li>
                  <li>
                    <NavLink to="/admin/audit">Audit</NavLink>
                  </li>
                  <li>
                    <NavLink to="/dev/mailbox">Dev mailbox</NavLink>
                  </li>
                </>
              ) : null}
            </ul>
            <Form method="post" action="/logout" className="nav-user">
              <span className="muted">{user.name}</span>
              <button type="submit" className="link-button">
                Sign out
              </button>
            </Form>
          </>
        ) : null}
      </nav>
    </header>
  )
}

/** Public respondent pages opt out of the staff chrome and of all JavaScript:
    they must work without it, and stay small on a slow phone connection. */
export type RespondentHandle = { respondent: true }

function useRespondentPage(): { respondent: boolean; lang: string } {
  const match = useMatches().find((m) => (m.handle as RespondentHandle | undefined)?.respondent)
  const data = match?.data as { locale?: string } | undefined
  return { respondent: Boolean(match), lang: data?.locale ?? 'en' }
}

export function Layout({ children }: { children: React.ReactNode }) {
  const { respondent, lang } = useRespondentPage()
  const nonce = useNonce()
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {respondent ? (
          children
        ) : (
          <>
            <a href="#main" className="skip-link">
              Skip to content
            </a>
            <Nav />
            <div id="main">{children}</div>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        )}
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export const ErrorBoundary = GeneralErrorBoundary
