/**
 * The rules a PDS applies to a new account's handle, checked before asking it: a name of letters,
 * digits and hyphens under one of the domains the PDS offers (describeServer's availableUserDomains).
 */

/** A handle the PDS would refuse, with the reason in a sentence. */
export class HandleRuleError extends Error {
  override name = 'HandleRuleError'
}

/** The full handle for `typed` on a PDS offering `domains` (each like ".test"); throws HandleRuleError. */
export function newAccountHandle(typed: string, domains: readonly string[]): string {
  const input = typed.trim().toLowerCase().replace(/^@/, '')
  if (!input) throw new HandleRuleError('Choose a name for your account.')
  if (domains.length === 0) throw new HandleRuleError('This server does not offer handles to new accounts.')
  const domain = domains.find((d) => input.endsWith(d))
  const name = domain ? input.slice(0, -domain.length) : input
  if (name.includes('.')) throw new HandleRuleError(`Your name cannot contain dots: the handle ends in ${domains.join(' or ')}.`)
  // The reference PDS: 3–18 characters of the first label, letters, digits and hyphens.
  if (name.length < 3) throw new HandleRuleError('Your name needs at least 3 characters.')
  if (name.length > 18) throw new HandleRuleError('Your name can have at most 18 characters.')
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name)) {
    throw new HandleRuleError('Use only letters, digits and hyphens (not at the start or end).')
  }
  return `${name}${domain ?? domains[0]}`
}

/** What the account form says is wrong before anything is sent, or undefined when it can be sent. */
export function newAccountProblem(input: { email: string; password: string; inviteCode?: string }, inviteRequired: boolean): string | undefined {
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email.trim())) return 'Enter an email address (name@example.com).'
  if (input.password.length < 8) return 'Choose a password of at least 8 characters.'
  if (inviteRequired && !input.inviteCode?.trim()) return 'This server asks for an invite code.'
  return undefined
}
