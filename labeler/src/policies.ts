/**
 * What our labels mean, published in our app.bsky.labeler.service record so that every client
 * (ours and Bluesky's) knows how to show them. Values are lower-case a–z and '-' only.
 */
export const LABEL_DEFINITIONS = [
  {
    identifier: 'ai-video',
    severity: 'inform',
    blurs: 'none',
    defaultSetting: 'warn',
    adultOnly: false,
    locales: [{ lang: 'en', name: 'AI video', description: 'This video was generated or edited by AI, as its provenance declares.' }],
  },
  {
    identifier: 'ai-undisclosed',
    severity: 'alert',
    blurs: 'none',
    defaultSetting: 'warn',
    adultOnly: false,
    locales: [
      {
        lang: 'en',
        name: 'Undisclosed AI video',
        description: 'This post re-uploads an AI-generated or AI-edited video without the disclosure it was published with.',
      },
    ],
  },
  {
    identifier: 'provenance-verified',
    severity: 'inform',
    blurs: 'none',
    defaultSetting: 'warn',
    adultOnly: false,
    locales: [
      {
        lang: 'en',
        name: 'Content Credentials verified',
        description:
          'The video file carries a C2PA manifest (Content Credentials) whose signature and hashes check out: it is unchanged since its signer signed it. The explanation names the signer and what the manifest declares.',
      },
    ],
  },
  {
    identifier: 'provenance-tampered',
    severity: 'alert',
    blurs: 'none',
    defaultSetting: 'warn',
    adultOnly: false,
    locales: [
      {
        lang: 'en',
        name: 'Content Credentials broken',
        description:
          'The video file carries a C2PA manifest (Content Credentials) that fails validation: the pictures were changed after signing, or the manifest is forged. What it claims cannot be believed.',
      },
    ],
  },
  {
    identifier: 'likeness-unconsented',
    severity: 'alert',
    blurs: 'media',
    defaultSetting: 'warn',
    adultOnly: false,
    locales: [
      {
        lang: 'en',
        name: 'Unconsented likeness',
        description: 'This video depicts someone whose likeness grant does not cover its creator.',
      },
    ],
  },
  {
    identifier: 'likeness-undeclared',
    severity: 'alert',
    blurs: 'media',
    defaultSetting: 'warn',
    adultOnly: false,
    locales: [
      {
        lang: 'en',
        name: 'Undeclared likeness',
        description:
          'This labeler found the face of a person who enrolled with it in this video, the video does not say it depicts them, and their likeness grant does not cover its creator. The explanation gives the frame and how close the match is; the face data itself is never published.',
      },
    ],
  },
  {
    identifier: 'likeness-consented',
    severity: 'inform',
    blurs: 'none',
    defaultSetting: 'warn',
    adultOnly: false,
    locales: [{ lang: 'en', name: 'Likeness consented', description: 'Everyone this video depicts has granted its creator use of their likeness.' }],
  },
  {
    identifier: 'likeness-disputed',
    severity: 'alert',
    blurs: 'media',
    defaultSetting: 'warn',
    adultOnly: false,
    locales: [{ lang: 'en', name: 'Likeness disputed', description: 'A person this video depicts has rejected it.' }],
  },
  {
    identifier: 'likeness-revoked',
    severity: 'alert',
    blurs: 'media',
    defaultSetting: 'warn',
    adultOnly: false,
    locales: [
      {
        lang: 'en',
        name: 'Likeness consent revoked',
        description: 'A person this video depicts had consented to it and has since withdrawn that consent.',
      },
    ],
  },
  {
    identifier: 'known-deepfake',
    severity: 'alert',
    blurs: 'media',
    defaultSetting: 'hide',
    adultOnly: false,
    locales: [
      {
        lang: 'en',
        name: 'Known deepfake',
        description:
          "A moderator reviewed this video, or the original it is a copy of (matched by its frames), and found it passes off someone's likeness as real without their consent.",
      },
    ],
  },
] as const

/**
 * Global values (defined by the protocol, not by us) our moderators may apply: `!takedown` removes
 * content for viewers who accept us with `;redact`, `!hide` hides it in every client.
 */
export const GLOBAL_LABEL_VALUES = ['!takedown', '!hide'] as const

/** The app.bsky.labeler.service record body. */
export function labelerServiceRecord() {
  return {
    $type: 'app.bsky.labeler.service',
    policies: {
      labelValues: [...LABEL_DEFINITIONS.map((d) => d.identifier), ...GLOBAL_LABEL_VALUES],
      labelValueDefinitions: LABEL_DEFINITIONS.map((d) => ({ ...d, locales: [...d.locales] })),
    },
    reasonTypes: [
      'com.atproto.moderation.defs#reasonViolation',
      'com.atproto.moderation.defs#reasonMisleading',
      'com.atproto.moderation.defs#reasonOther',
    ],
    subjectTypes: ['record', 'account'],
    subjectCollections: ['app.framewright.video.post', 'app.bsky.feed.post'],
    createdAt: new Date().toISOString(),
  }
}
