/** Why a commit, block or repo failed verification: each is a reason that can never succeed on retry. */
export type RepoVerificationReason =
  | 'BadCar'
  | 'BadBlock'
  | 'MissingBlock'
  | 'BadCommit'
  | 'WrongRepo'
  | 'BadSignature'
  | 'BadMstProof'
  | 'BadMst'
  | 'UnsupportedKey'

/**
 * Repository data that does not verify: a block whose bytes do not hash to its CID, a commit whose
 * signature is not by the repo's key, an MST that does not prove what an op claims. `reason` is the
 * short name dead letters are filed under.
 */
export class RepoVerificationError extends Error {
  override name = 'RepoVerificationError'
  constructor(
    readonly reason: RepoVerificationReason,
    message: string,
  ) {
    super(`${reason}: ${message}`)
  }
}
