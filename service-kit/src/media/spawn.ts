/**
 * How media binaries are started and stopped. Internal to service-kit (not exported from its
 * index): services run ffmpeg and ffprobe only through MediaTools, which holds them to its limits.
 */
import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process'

/**
 * Spawns a media binary directly (no shell) in a process group of its own, so that killing it
 * kills whatever it started too.
 */
export function spawnMediaTool(file: string, args: readonly string[], opts: { cwd?: string } = {}): ChildProcessWithoutNullStreams {
  return spawn(file, [...args], { cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'], shell: false, windowsHide: true, detached: process.platform !== 'win32' })
}

/** SIGKILLs a media binary's whole process group (or the process alone where there are no groups). */
export function killMediaTool(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  try {
    if (process.platform === 'win32') child.kill('SIGKILL')
    else process.kill(-child.pid, 'SIGKILL')
  } catch {
    child.kill('SIGKILL')
  }
}

