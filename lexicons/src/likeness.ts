/**
 * What each enrolment error means, as a sentence a person understands, keyed by the lexicon error
 * name of app.framewright.likeness.enroll. One list for the labeler (its error messages) and the
 * client (what it shows), so that both say the same thing.
 */
export const ENROLL_ERROR_SENTENCES: Readonly<Record<string, string>> = {
  NoFaceFound: 'We could not find a face in that photo. Try one where your face is clear, well lit and facing the camera.',
  MultipleFaces: 'That photo shows more than one face. Use one that shows only you.',
  UnsupportedMediaType: 'That file is not a JPEG or PNG photo or an MP4 video.',
  MediaTooLarge: 'That file is too large for this labeler. Try a smaller photo or a shorter clip.',
}

/** The sentence for an enrolment error name, or undefined for names that are not enrolment errors. */
export function enrollErrorSentence(error: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(ENROLL_ERROR_SENTENCES, error) ? ENROLL_ERROR_SENTENCES[error] : undefined
}

