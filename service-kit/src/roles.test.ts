import { describe, expect, it } from 'vitest'
import { envRole, runsIngest, runsJobs } from './roles'

describe('FRAMEWRIGHT_ROLE', () => {
  it('is one of the roles the service has, all when unset', () => {
    expect(envRole({}, ['all', 'api', 'ingest'])).toBeUndefined()
    expect(envRole({ FRAMEWRIGHT_ROLE: ' API ' }, ['all', 'api', 'ingest'])).toBe('api')
    expect(() => envRole({ FRAMEWRIGHT_ROLE: 'jobs' }, ['all', 'api', 'ingest'])).toThrow('FRAMEWRIGHT_ROLE: expected one of all, api, ingest, got "jobs"')
  })

  it('gives the single-writer work to ingest and all, jobs to jobs and all, and api nothing but serving', () => {
    expect(['all', 'api', 'ingest', 'jobs'].map((r) => [r, runsIngest(r as never), runsJobs(r as never)])).toEqual([
      ['all', true, true],
      ['api', false, false],
      ['ingest', true, false],
      ['jobs', false, true],
    ])
  })
})
