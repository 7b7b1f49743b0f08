/**
 * What every procedural render produces, shared by the provider, the scene planner and the
 * patterns: the frame rate, the files in a job's folder and the shape of the published parameters.
 */

export const FPS = 24

/** The wrapped prompt; drawtext reads it from here so the prompt never enters the filter graph. */
export const CAPTION_FILE = 'caption.txt'
/** ffmpeg writes here; the provider renames it to OUTPUT_FILE once ffmpeg has exited cleanly. */
export const PART_FILE = 'render.part.mp4'
export const OUTPUT_FILE = 'render.mp4'
/** The render with its C2PA manifest, renamed over OUTPUT_FILE once written. */
export const SIGNED_PART_FILE = 'render.signed.part.mp4'

/** Render parameters as published in provenance: fixed words, integers and integer lists only. */
export type Params = Record<string, string | number | number[]>
