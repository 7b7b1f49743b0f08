/** A prompt we will not send to any provider. */
export class PromptRejectedError extends Error {
  override name = 'PromptRejectedError'
}

/**
 * The checks every prompt passes before it reaches a provider. Prompts are data, never code: no
 * provider gets them through a shell or a filter string. What we refuse here is what no provider
 * should see: empty prompts and control characters (other than newlines and tabs).
 */
export function checkPrompt(prompt: string): string {
  const trimmed = prompt.trim()
  if (trimmed.length === 0) throw new PromptRejectedError('The prompt is empty: describe the video you want.')
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(trimmed)) {
    throw new PromptRejectedError('The prompt contains control characters; type it again as plain text.')
  }
  return trimmed
}
