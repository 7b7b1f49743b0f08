import { ids, type EmitLabel, type LabelerDefs, type ListReports, type ResolveReports } from '@framewright/lexicons'
import { callWithServiceAuth, type ServiceAuthCache } from '../api/serviceAuth'
import { XrpcError, type QueryParams } from '../api/xrpc'

export type ReportView = LabelerDefs.ReportView
export type EmitLabelInput = EmitLabel.InputSchema

/**
 * A labeler's moderator-only methods, called directly at its endpoint with a service JWT that the
 * moderator's PDS mints for exactly that labeler and method. The labeler decides who is a moderator.
 */
export class LabelerModerationClient {
  constructor(
    readonly did: string,
    readonly endpoint: string,
    private readonly auth: ServiceAuthCache,
  ) {}

  /** One page of open reports, newest first, with the labels in force on each subject. */
  listReports(page: { cursor?: string; limit?: number } = {}): Promise<ListReports.OutputSchema> {
    return this.call<ListReports.OutputSchema>(ids.AppFramewrightLabelerListReports, { params: { limit: page.limit, cursor: page.cursor } })
  }

  /** Applies or lifts a moderator value on a subject, with the reason explainLabel will publish. */
  emitLabel(input: EmitLabelInput): Promise<EmitLabel.OutputSchema> {
    return this.call<EmitLabel.OutputSchema>(ids.AppFramewrightLabelerEmitLabel, { body: input })
  }

  /** Closes reports without changing any label. */
  resolveReports(reportIds: number[]): Promise<ResolveReports.OutputSchema> {
    return this.call<ResolveReports.OutputSchema>(ids.AppFramewrightLabelerResolveReports, { body: { ids: reportIds } })
  }

  private call<T>(nsid: string, req: { params?: QueryParams; body?: unknown }): Promise<T> {
    return callWithServiceAuth<T>(this.auth, this, nsid, req)
  }

}

/** An error as a moderator needs it: the server's error name first, then its words. */
export function namedError(err: unknown): string {
  if (err instanceof XrpcError) return err.message.startsWith(err.error) ? err.message : `${err.error}: ${err.message}`
  return err instanceof Error ? err.message : String(err)
}
