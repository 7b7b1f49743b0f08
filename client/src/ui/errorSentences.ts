/**
 * The one mapping from XRPC error names (our lexicons' and atproto's) to sentences for people.
 * Every screen shows errors through errorMessage (errors.ts), which asks here first. An entry is a
 * sentence, or a function of the server's message for names whose message carries the detail
 * (who refused, which field), already written for people by our own services.
 */
type Sentence = string | ((serverMessage: string) => string)

const keep = (fallback: string) => (m: string) => m || fallback

export const ERROR_SENTENCES: Readonly<Record<string, Sentence>> = {
  // Feeds
  UnknownFeed: 'That feed does not exist (any more).',
  FeedUnavailable: "The feed's server is not answering right now. Try again in a moment.",
  BadFeedAuth: 'Your sign-in could not be checked by the feed. Log out and in again.',
  BadCursor: 'The feed lost its place. Start it again from the top.',
  // Creating
  LikenessNotConsented: keep('Someone in this video has not allowed you to use their likeness.'),
  MentionNotFound: keep('Your prompt names someone who has no account here.'),
  RemixNotFound: 'The video you are remixing is gone.',
  TooManyPeople: keep('That is too many people for one video.'),
  TooManyJobs: 'You have too many videos being made at once. Wait for one to finish.',
  PromptRejected: keep('That prompt cannot be used.'),
  ProviderUnavailable: 'That video generator is not answering right now. Try another, or again in a moment.',
  UnknownProvider: 'That video generator is not offered here.',
  JobNotFound: 'That video job no longer exists.',
  // Likeness and faces
  NoFaceFound: 'No face was found. Face the camera in good light and try again.',
  MultipleFaces: 'More than one face was found. Only you should be in the picture.',
  MediaTooLarge: 'That file is too large.',
  UnsupportedMediaType: 'That kind of file cannot be used here.',
  // Moderation
  NotModerator: 'Only this labeler’s moderators can do that.',
  NotModeratorLabel: 'Moderators cannot apply or remove that label by hand.',
  UnknownLabelValue: 'This labeler does not define that label.',
  ReasonRequired: 'Say why: a reason is required.',
  ReportNotFound: 'That report no longer exists.',
  SubjectNotFound: 'That video or account is not known here.',
  InvalidSubject: 'That cannot be reported or labelled.',
  // Accounts and sessions (atproto's names and the client's own)
  AuthRequired: 'Log in first.',
  AuthMissing: 'Log in first.',
  ExpiredToken: 'Your session ran out. Log in again.',
  InvalidToken: 'Your session is no longer valid. Log in again.',
  AuthenticationRequired: 'Wrong handle or password.',
  AccountTakedown: 'This account was taken down by its server.',
  HandleNotFound: 'No account has that handle.',
  RateLimitExceeded: 'Too many tries in a short time. Wait a minute and try again.',
  ServiceAuthFailed: 'Your server would not vouch for you to this service. Log out and in again.',
  NetworkError: 'The service could not be reached. Check your connection and try again.',
  NoEndpoint: 'That feed’s server cannot be reached from here.',
  InvalidResponse: 'The service answered with something this app cannot read. Try again in a moment.',
}

/** A lexicon validation message ("Input/prompt must not be longer than 2000 graphemes") as a sentence, when it is one. */
function validationSentence(message: string): string | undefined {
  const m = /^(?:Input|Params|Record)\/([A-Za-z0-9_/]+) (.+)$/.exec(message)
  if (!m) return undefined
  const field = m[1]!.split('/').at(-1)!.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
  const rule = m[2]!
  let limit = /must not be longer than (\d+) (graphemes|characters)/.exec(rule)
  if (limit) return `The ${field} is too long: at most ${Number(limit[1]).toLocaleString('en')} characters.`
  limit = /must not be longer than (\d+) elements/.exec(rule)
  if (limit) return `Too many ${field}: at most ${limit[1]}.`
  if (/must be a valid handle|must be a valid did|must be a valid at-identifier/.test(rule)) return `The ${field} is not a valid handle.`
  if (/must have the property/.test(rule)) return `Something required is missing (${field}).`
  return `The ${field} is not valid: ${rule}.`
}

/**
 * A sentence for an XRPC failure: the mapped sentence for its name, else a readable form of a
 * lexicon validation message, else a plain one for server failures; undefined when the server's
 * own message should stand.
 */
export function sentenceForError(name: string | undefined, message: string, status?: number): string | undefined {
  const mapped = name ? ERROR_SENTENCES[name] : undefined
  if (typeof mapped === 'function') return mapped(message)
  if (mapped) return mapped
  if (name === 'InvalidRequest' || status === 400) {
    const v = validationSentence(message)
    if (v) return v
  }
  // A server that failed tells people nothing useful in its own words ("Internal Server Error").
  if ((status !== undefined && status >= 500) || name === 'InternalServerError' || /^Internal Server Error$/i.test(message)) {
    return 'Something went wrong on the server. Try again in a moment.'
  }
  return undefined
}
