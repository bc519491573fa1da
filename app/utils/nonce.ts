/* The per-request CSP nonce, from the server entry to the tags that need it (Remix's
   <Scripts>, <ScrollRestoration>). In the browser it reads '': browsers hide a nonce
   from the page once parsed, and scripts added after hydration come from 'self'. */
import { createContext, useContext } from 'react'

export const NonceContext = createContext('')
export const useNonce = () => useContext(NonceContext)
