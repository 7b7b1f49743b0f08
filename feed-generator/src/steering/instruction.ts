import { normalizeWord } from './words'

/**
 * A small, deterministic reading of a viewer's natural-language instruction ("more animation,
 * less politics, no horror"). No model and no network: a directive word switches what the words
 * after it do, and every word it acts on can be named back to the viewer in feedContext.
 */

/** What an instruction asks for: words to lift, lower or leave out, as written and as matched. */
export interface ParsedInstruction {
  boost: SteeringTerm[]
  penalise: SteeringTerm[]
  mute: SteeringTerm[]
  /** Words that came before any directive: not understood, so not acted on. */
  ignored: string[]
}

/** A word the viewer wrote (`text`) and its normalised form (`word`) matched against videos. */
export interface SteeringTerm {
  text: string
  word: string
}

type Mode = 'boost' | 'penalise' | 'mute'

/** Directive words; in a run of them the strongest wins, so "no more X" mutes X. */
const DIRECTIVES: Record<string, Mode> = {
  more: 'boost',
  plus: 'boost',
  boost: 'boost',
  love: 'boost',
  like: 'boost',
  prefer: 'boost',
  extra: 'boost',
  less: 'penalise',
  fewer: 'penalise',
  lower: 'penalise',
  reduce: 'penalise',
  rarely: 'penalise',
  no: 'mute',
  not: 'mute',
  never: 'mute',
  without: 'mute',
  hide: 'mute',
  mute: 'mute',
  block: 'mute',
  avoid: 'mute',
  skip: 'mute',
  "don't": 'mute',
  dont: 'mute',
}
const STRENGTH: Record<Mode, number> = { boost: 0, penalise: 1, mute: 2 }

/** Words that carry no topic: skipped, and they do not end a run of directives. */
const FILLER = new Set(
  'a an the of me my i we us you please show see want some any lot lots much many stuff thing things video videos clip clips content post posts about with and or but than to in on for from that this these those just really very'.split(
    ' ',
  ),
)

/** Clause breaks: after one, words need a new directive. */
const CLAUSE_BREAK = /[,;.!?\n]/

/** At most this many terms of each kind: the scorer's cost per item stays bounded. */
export const MAX_TERMS = 20

/** Parses an instruction into boosts, penalties and mutes. Pure and deterministic. */
export function parseInstruction(instruction: string | undefined | null): ParsedInstruction {
  const out: ParsedInstruction = { boost: [], penalise: [], mute: [], ignored: [] }
  if (!instruction) return out
  const chosen = new Map<string, { mode: Mode; text: string }>()
  for (const clause of instruction.toLowerCase().replace(/[’‘]/g, "'").split(CLAUSE_BREAK)) {
    let mode: Mode | undefined
    let inDirectiveRun = false
    for (const token of clause.match(/[#\p{L}\p{N}'-]+/gu) ?? []) {
      const directive = DIRECTIVES[token]
      if (directive) {
        mode = inDirectiveRun && mode && STRENGTH[mode] > STRENGTH[directive] ? mode : directive
        inDirectiveRun = true
        continue
      }
      if (FILLER.has(token)) continue
      inDirectiveRun = false
      const text = token.replace(/^[#'-]+|['-]+$/g, '')
      const word = normalizeWord(text)
      if (!word) continue
      if (!mode) {
        if (!out.ignored.includes(text)) out.ignored.push(text)
        continue
      }
      // The strongest wish about a word wins: "more cats, no cats" mutes cats.
      const previous = chosen.get(word)
      if (!previous || STRENGTH[mode] >= STRENGTH[previous.mode]) chosen.set(word, { mode, text })
    }
  }
  for (const [word, { mode, text }] of chosen) {
    const list = out[mode]
    if (list.length < MAX_TERMS) list.push({ text, word })
  }
  return out
}
