/** How many jobs a creator queued with one provider on one UTC day (see generation/jobs.ts). */
export interface GenerationQuotaTable {
  creator: string
  provider: string
  /** YYYY-MM-DD, UTC: quotas reset at midnight UTC. */
  day: string
  jobs: number
}
