// The shapes the appview answers with, straight from the generated lexicon types.
import type { CheckConsent, FeedDefs, GenerateDefs, GetLabelerServices, LabelDefs, VideoDefs } from '@framewright/lexicons'

export type VideoView = VideoDefs.VideoView
export type ActorView = VideoDefs.ActorView
export type DepictionView = VideoDefs.DepictionView
export type ReviewView = VideoDefs.ReviewView
export type FeedItem = FeedDefs.FeedItem
export type FeedEnd = FeedDefs.FeedEnd
export type GeneratorView = FeedDefs.GeneratorView
export type JobView = GenerateDefs.JobView
export type JobResult = GenerateDefs.JobResult
export type ProviderView = GenerateDefs.ProviderView
export type LabelerView = GetLabelerServices.LabelerView
export type Label = LabelDefs.Label
export type LabelValueDefinition = LabelDefs.LabelValueDefinition
export type ConsentCheck = CheckConsent.ConsentCheck
