/**
 * Caption: the prompt, cleaned and wrapped, drawn from a file with expansion off so `%{…}` stays text.
 */
import { CAPTION_FILE } from './format'

const CAPTION_LINES = 3

function captionFontSize(width: number, height: number): number {
  return Math.round(Math.min(width, height) / 22)
}

/**
 * The drawtext filter that draws CAPTION_FILE in a box near the top of a width × height frame
 * (players put their own overlays at the bottom).
 */
export function drawCaption(fontFile: string, width: number, height: number): string {
  const size = captionFontSize(width, height)
  const margin = Math.round(size * 1.1)
  return (
    `drawtext=fontfile=${fontFile}:textfile=${CAPTION_FILE}:expansion=none:fontsize=${size}:fontcolor=white` +
    `:line_spacing=${Math.round(size / 4)}:box=1:boxcolor=black@0.5:boxborderw=${Math.round(size / 2)}` +
    `:x=${margin}:y=${2 * margin}`
  )
}

/** Up to three lines that fit the frame, or null when nothing printable is left. */
export function wrapCaption(prompt: string, width: number, height: number): string | null {
  // Control, format (bidi overrides, zero-width) and separator characters would draw as boxes or reorder text.
  const clean = prompt.normalize('NFC').replace(/[\p{Cc}\p{Cf}\p{Z}]+/gu, ' ').trim()
  if (!clean) return null
  const size = captionFontSize(width, height)
  const columns = Math.max(8, Math.floor((width - 3 * size) / (size * 0.58)))
  const lines: string[] = []
  let line = ''
  for (const word of splitWords(clean, columns)) {
    const candidate = line ? `${line} ${word}` : word
    if (textColumns(candidate) <= columns) {
      line = candidate
      continue
    }
    lines.push(line)
    line = word
    if (lines.length === CAPTION_LINES) break
  }
  if (lines.length < CAPTION_LINES) return [...lines, line].filter(Boolean).join('\n')
  const last = lines[CAPTION_LINES - 1]!
  lines[CAPTION_LINES - 1] = `${Array.from(last).slice(0, Math.max(0, columns - 1)).join('').trimEnd()}…`
  return lines.join('\n')
}

/** Words, with any word longer than a line cut into line-sized pieces. */
function* splitWords(text: string, columns: number): Generator<string> {
  for (const word of text.split(' ')) {
    let piece = ''
    for (const ch of word) {
      if (textColumns(piece + ch) > columns) {
        yield piece
        piece = ''
      }
      piece += ch
    }
    if (piece) yield piece
  }
}

/** Rough width in columns: CJK and other wide characters count double. */
function textColumns(text: string): number {
  let columns = 0
  for (const ch of text) columns += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1
  return columns
}
