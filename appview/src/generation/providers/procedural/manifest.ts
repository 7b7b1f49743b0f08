/**
 * The C2PA manifest a procedural render carries: it was created by an algorithm (no camera), by
 * this renderer and model. It travels inside the mp4, so a copy re-posted anywhere still says
 * what made it, and any change to the pictures breaks its signature.
 */
import { DIGITAL_SOURCE_TYPE, type ManifestDefinition } from '@framewright/service-kit'
import type { Scene } from './scene'

export const CLAIM_GENERATOR = 'Framewright procedural provider'

/** The manifest definition for one render. */
export function proceduralManifest(scene: Scene): ManifestDefinition {
  const version = String(scene.params.rendererVersion)
  return {
    claim_generator_info: [{ name: CLAIM_GENERATOR, version }],
    title: `${scene.model} render`,
    format: 'video/mp4',
    assertions: [
      {
        label: 'c2pa.actions.v2',
        data: {
          actions: [
            {
              action: 'c2pa.created',
              // The procedural renderer stands in for a generative model here, and the published record
              // calls its output ai-generated: the manifest says the same thing the record does.
              digitalSourceType: DIGITAL_SOURCE_TYPE.trainedAlgorithmicMedia,
              softwareAgent: { name: scene.model, version },
              description: `Generated from a text prompt by ${scene.model} (${String(scene.params.pattern)} pattern).`,
            },
          ],
        },
      },
    ],
  }
}
