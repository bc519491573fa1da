/* The frame of the public pages a link can lead to: no staff navigation, a title
   and a sentence, in the respondent's language. */
import type { ReactNode } from 'react'

export function PublicPage({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <main className="container narrow public-page">
      <h1>{title}</h1>
      {children}
    </main>
  )
}
