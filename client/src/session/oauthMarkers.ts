/**
 * Cheap checks on the page's URL and storage that say whether the OAuth client (a sizeable
 * library, loaded on demand) is needed at start.
 */

/** Query parameter that carries a handle across the move from localhost to 127.0.0.1. */
export const CONTINUE_SIGN_IN_PARAM = 'signin'

/** Where @atproto/oauth-client-browser remembers who signed in on this origin. */
export const OAUTH_SUB_KEY = '@@atproto/oauth-client-browser(sub)'

/** Whether this page load is the PDS sending the browser back, or a sign-in to continue here. */
export function hasOAuthCallback(search: string): boolean {
  const params = new URLSearchParams(search)
  return (params.has('state') && (params.has('code') || params.has('error'))) || params.has(CONTINUE_SIGN_IN_PARAM)
}

/** Whether the OAuth client must load at start: a callback, or someone signed in with OAuth before. */
export function mayResumeOAuth(search: string, storage: Pick<Storage, 'getItem'> | undefined): boolean {
  if (hasOAuthCallback(search)) return true
  try {
    return !!storage?.getItem(OAUTH_SUB_KEY)
  } catch {
    return false
  }
}

/** Forgets which account signed in with OAuth on this origin, so that the next load does not resume it. */
export function forgetOAuthSub(storage: Pick<Storage, 'removeItem'> | undefined): void {
  try {
    storage?.removeItem(OAUTH_SUB_KEY)
  } catch {
    // Storage that cannot be written (private mode): nothing was kept there either.
  }
}
