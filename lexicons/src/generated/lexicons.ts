/**
 * GENERATED CODE - DO NOT MODIFY
 */
import {
  type LexiconDoc,
  Lexicons,
  ValidationError,
  type ValidationResult,
} from '@atproto/lexicon'
import { type $Typed, is$typed, maybe$typed } from './util.js'

export const schemaDict = {
  AppBskyActorDefs: {
    lexicon: 1,
    id: 'app.bsky.actor.defs',
    defs: {
      profileViewBasic: {
        type: 'object',
        required: ['did', 'handle'],
        properties: {
          did: {
            type: 'string',
            format: 'did',
          },
          handle: {
            type: 'string',
            format: 'handle',
          },
          displayName: {
            type: 'string',
            maxGraphemes: 64,
            maxLength: 640,
          },
          pronouns: {
            type: 'string',
          },
          avatar: {
            type: 'string',
            format: 'uri',
          },
          associated: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#profileAssociated',
          },
          viewer: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#viewerState',
          },
          labels: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:com.atproto.label.defs#label',
            },
          },
          createdAt: {
            type: 'string',
            format: 'datetime',
          },
          verification: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#verificationState',
          },
          status: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#statusView',
          },
          debug: {
            type: 'unknown',
            description: 'Debug information for internal development',
          },
        },
      },
      profileView: {
        type: 'object',
        required: ['did', 'handle'],
        properties: {
          did: {
            type: 'string',
            format: 'did',
          },
          handle: {
            type: 'string',
            format: 'handle',
          },
          displayName: {
            type: 'string',
            maxGraphemes: 64,
            maxLength: 640,
          },
          pronouns: {
            type: 'string',
          },
          description: {
            type: 'string',
            maxGraphemes: 256,
            maxLength: 2560,
          },
          avatar: {
            type: 'string',
            format: 'uri',
          },
          associated: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#profileAssociated',
          },
          indexedAt: {
            type: 'string',
            format: 'datetime',
          },
          createdAt: {
            type: 'string',
            format: 'datetime',
          },
          viewer: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#viewerState',
          },
          labels: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:com.atproto.label.defs#label',
            },
          },
          verification: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#verificationState',
          },
          status: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#statusView',
          },
          debug: {
            type: 'unknown',
            description: 'Debug information for internal development',
          },
        },
      },
      profileViewDetailed: {
        type: 'object',
        required: ['did', 'handle'],
        properties: {
          did: {
            type: 'string',
            format: 'did',
          },
          handle: {
            type: 'string',
            format: 'handle',
          },
          displayName: {
            type: 'string',
            maxGraphemes: 64,
            maxLength: 640,
          },
          description: {
            type: 'string',
            maxGraphemes: 256,
            maxLength: 2560,
          },
          pronouns: {
            type: 'string',
          },
          website: {
            type: 'string',
            format: 'uri',
          },
          avatar: {
            type: 'string',
            format: 'uri',
          },
          banner: {
            type: 'string',
            format: 'uri',
          },
          followersCount: {
            type: 'integer',
          },
          followsCount: {
            type: 'integer',
          },
          postsCount: {
            type: 'integer',
          },
          associated: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#profileAssociated',
          },
          joinedViaStarterPack: {
            type: 'ref',
            ref: 'lex:app.bsky.graph.defs#starterPackViewBasic',
          },
          indexedAt: {
            type: 'string',
            format: 'datetime',
          },
          createdAt: {
            type: 'string',
            format: 'datetime',
          },
          viewer: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#viewerState',
          },
          labels: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:com.atproto.label.defs#label',
            },
          },
          pinnedPost: {
            type: 'ref',
            ref: 'lex:com.atproto.repo.strongRef',
          },
          verification: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#verificationState',
          },
          status: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#statusView',
          },
          debug: {
            type: 'unknown',
            description: 'Debug information for internal development',
          },
        },
      },
      profileAssociated: {
        type: 'object',
        properties: {
          lists: {
            type: 'integer',
          },
          feedgens: {
            type: 'integer',
          },
          starterPacks: {
            type: 'integer',
          },
          labeler: {
            type: 'boolean',
          },
          chat: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#profileAssociatedChat',
          },
          activitySubscription: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#profileAssociatedActivitySubscription',
          },
          germ: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#profileAssociatedGerm',
          },
        },
      },
      profileAssociatedChat: {
        type: 'object',
        required: ['allowIncoming'],
        properties: {
          allowIncoming: {
            type: 'string',
            knownValues: ['all', 'none', 'following'],
          },
          allowGroupInvites: {
            type: 'string',
            knownValues: ['all', 'none', 'following'],
          },
        },
      },
      profileAssociatedGerm: {
        type: 'object',
        required: ['showButtonTo', 'messageMeUrl'],
        properties: {
          messageMeUrl: {
            type: 'string',
            format: 'uri',
          },
          showButtonTo: {
            type: 'string',
            knownValues: ['usersIFollow', 'everyone'],
          },
        },
      },
      profileAssociatedActivitySubscription: {
        type: 'object',
        required: ['allowSubscriptions'],
        properties: {
          allowSubscriptions: {
            type: 'string',
            knownValues: ['followers', 'mutuals', 'none'],
          },
        },
      },
      viewerState: {
        type: 'object',
        description:
          "Metadata about the requesting account's relationship with the subject account. Only has meaningful content for authed requests.",
        properties: {
          muted: {
            type: 'boolean',
          },
          mutedByList: {
            type: 'ref',
            ref: 'lex:app.bsky.graph.defs#listViewBasic',
          },
          blockedBy: {
            type: 'boolean',
          },
          blocking: {
            type: 'string',
            format: 'at-uri',
          },
          blockingByList: {
            type: 'ref',
            ref: 'lex:app.bsky.graph.defs#listViewBasic',
          },
          following: {
            type: 'string',
            format: 'at-uri',
          },
          followedBy: {
            type: 'string',
            format: 'at-uri',
          },
          knownFollowers: {
            description:
              'This property is present only in selected cases, as an optimization.',
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#knownFollowers',
          },
          activitySubscription: {
            description:
              'This property is present only in selected cases, as an optimization.',
            type: 'ref',
            ref: 'lex:app.bsky.notification.defs#activitySubscription',
          },
        },
      },
      knownFollowers: {
        type: 'object',
        description: "The subject's followers whom you also follow",
        required: ['count', 'followers'],
        properties: {
          count: {
            type: 'integer',
          },
          followers: {
            type: 'array',
            minLength: 0,
            maxLength: 5,
            items: {
              type: 'ref',
              ref: 'lex:app.bsky.actor.defs#profileViewBasic',
            },
          },
        },
      },
      verificationState: {
        type: 'object',
        description:
          'Represents the verification information about the user this object is attached to.',
        required: ['verifications', 'verifiedStatus', 'trustedVerifierStatus'],
        properties: {
          verifications: {
            type: 'array',
            description:
              'All verifications issued by trusted verifiers on behalf of this user. Verifications by untrusted verifiers are not included.',
            items: {
              type: 'ref',
              ref: 'lex:app.bsky.actor.defs#verificationView',
            },
          },
          verifiedStatus: {
            type: 'string',
            description: "The user's status as a verified account.",
            knownValues: ['valid', 'invalid', 'none'],
          },
          trustedVerifierStatus: {
            type: 'string',
            description: "The user's status as a trusted verifier.",
            knownValues: ['valid', 'invalid', 'none'],
          },
        },
      },
      verificationView: {
        type: 'object',
        description: 'An individual verification for an associated subject.',
        required: ['issuer', 'uri', 'isValid', 'createdAt'],
        properties: {
          issuer: {
            type: 'string',
            description: 'The user who issued this verification.',
            format: 'did',
          },
          uri: {
            type: 'string',
            description: 'The AT-URI of the verification record.',
            format: 'at-uri',
          },
          isValid: {
            type: 'boolean',
            description:
              'True if the verification passes validation, otherwise false.',
          },
          createdAt: {
            type: 'string',
            description: 'Timestamp when the verification was created.',
            format: 'datetime',
          },
        },
      },
      preferences: {
        type: 'array',
        items: {
          type: 'union',
          refs: [
            'lex:app.bsky.actor.defs#adultContentPref',
            'lex:app.bsky.actor.defs#contentLabelPref',
            'lex:app.bsky.actor.defs#savedFeedsPref',
            'lex:app.bsky.actor.defs#savedFeedsPrefV2',
            'lex:app.bsky.actor.defs#personalDetailsPref',
            'lex:app.bsky.actor.defs#declaredAgePref',
            'lex:app.bsky.actor.defs#feedViewPref',
            'lex:app.bsky.actor.defs#threadViewPref',
            'lex:app.bsky.actor.defs#interestsPref',
            'lex:app.bsky.actor.defs#mutedWordsPref',
            'lex:app.bsky.actor.defs#hiddenPostsPref',
            'lex:app.bsky.actor.defs#bskyAppStatePref',
            'lex:app.bsky.actor.defs#labelersPref',
            'lex:app.bsky.actor.defs#postInteractionSettingsPref',
            'lex:app.bsky.actor.defs#verificationPrefs',
            'lex:app.bsky.actor.defs#liveEventPreferences',
          ],
        },
      },
      adultContentPref: {
        type: 'object',
        required: ['enabled'],
        properties: {
          enabled: {
            type: 'boolean',
            default: false,
          },
        },
      },
      contentLabelPref: {
        type: 'object',
        required: ['label', 'visibility'],
        properties: {
          labelerDid: {
            type: 'string',
            description:
              'Which labeler does this preference apply to? If undefined, applies globally.',
            format: 'did',
          },
          label: {
            type: 'string',
          },
          visibility: {
            type: 'string',
            knownValues: ['ignore', 'show', 'warn', 'hide'],
          },
        },
      },
      savedFeed: {
        type: 'object',
        required: ['id', 'type', 'value', 'pinned'],
        properties: {
          id: {
            type: 'string',
          },
          type: {
            type: 'string',
            knownValues: ['feed', 'list', 'timeline'],
          },
          value: {
            type: 'string',
          },
          pinned: {
            type: 'boolean',
          },
        },
      },
      savedFeedsPrefV2: {
        type: 'object',
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:app.bsky.actor.defs#savedFeed',
            },
          },
        },
      },
      savedFeedsPref: {
        type: 'object',
        required: ['pinned', 'saved'],
        properties: {
          pinned: {
            type: 'array',
            items: {
              type: 'string',
              format: 'at-uri',
            },
          },
          saved: {
            type: 'array',
            items: {
              type: 'string',
              format: 'at-uri',
            },
          },
          timelineIndex: {
            type: 'integer',
          },
        },
      },
      personalDetailsPref: {
        type: 'object',
        properties: {
          birthDate: {
            type: 'string',
            format: 'datetime',
            description: 'The birth date of account owner.',
          },
        },
      },
      declaredAgePref: {
        type: 'object',
        description:
          "Read-only preference containing value(s) inferred from the user's declared birthdate. Absence of this preference object in the response indicates that the user has not made a declaration.",
        properties: {
          isOverAge13: {
            type: 'boolean',
            description:
              'Indicates if the user has declared that they are over 13 years of age.',
          },
          isOverAge16: {
            type: 'boolean',
            description:
              'Indicates if the user has declared that they are over 16 years of age.',
          },
          isOverAge18: {
            type: 'boolean',
            description:
              'Indicates if the user has declared that they are over 18 years of age.',
          },
        },
      },
      feedViewPref: {
        type: 'object',
        required: ['feed'],
        properties: {
          feed: {
            type: 'string',
            description:
              'The URI of the feed, or an identifier which describes the feed.',
          },
          hideReplies: {
            type: 'boolean',
            description: 'Hide replies in the feed.',
          },
          hideRepliesByUnfollowed: {
            type: 'boolean',
            description:
              'Hide replies in the feed if they are not by followed users.',
            default: true,
          },
          hideRepliesByLikeCount: {
            type: 'integer',
            description:
              'Hide replies in the feed if they do not have this number of likes.',
          },
          hideReposts: {
            type: 'boolean',
            description: 'Hide reposts in the feed.',
          },
          hideQuotePosts: {
            type: 'boolean',
            description: 'Hide quote posts in the feed.',
          },
        },
      },
      threadViewPref: {
        type: 'object',
        properties: {
          sort: {
            type: 'string',
            description: 'Sorting mode for threads.',
            knownValues: [
              'oldest',
              'newest',
              'most-likes',
              'random',
              'hotness',
            ],
          },
        },
      },
      interestsPref: {
        type: 'object',
        required: ['tags'],
        properties: {
          tags: {
            type: 'array',
            maxLength: 100,
            items: {
              type: 'string',
              maxLength: 640,
              maxGraphemes: 64,
            },
            description:
              "A list of tags which describe the account owner's interests gathered during onboarding.",
          },
        },
      },
      mutedWordTarget: {
        type: 'string',
        knownValues: ['content', 'tag'],
        maxLength: 640,
        maxGraphemes: 64,
      },
      mutedWord: {
        type: 'object',
        description: 'A word that the account owner has muted.',
        required: ['value', 'targets'],
        properties: {
          id: {
            type: 'string',
          },
          value: {
            type: 'string',
            description: 'The muted word itself.',
            maxLength: 10000,
            maxGraphemes: 1000,
          },
          targets: {
            type: 'array',
            description: 'The intended targets of the muted word.',
            items: {
              type: 'ref',
              ref: 'lex:app.bsky.actor.defs#mutedWordTarget',
            },
          },
          actorTarget: {
            type: 'string',
            description:
              'Groups of users to apply the muted word to. If undefined, applies to all users.',
            knownValues: ['all', 'exclude-following'],
            default: 'all',
          },
          expiresAt: {
            type: 'string',
            format: 'datetime',
            description:
              'The date and time at which the muted word will expire and no longer be applied.',
          },
        },
      },
      mutedWordsPref: {
        type: 'object',
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:app.bsky.actor.defs#mutedWord',
            },
            description: 'A list of words the account owner has muted.',
          },
        },
      },
      hiddenPostsPref: {
        type: 'object',
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            items: {
              type: 'string',
              format: 'at-uri',
            },
            description:
              'A list of URIs of posts the account owner has hidden.',
          },
        },
      },
      labelersPref: {
        type: 'object',
        required: ['labelers'],
        properties: {
          labelers: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:app.bsky.actor.defs#labelerPrefItem',
            },
          },
        },
      },
      labelerPrefItem: {
        type: 'object',
        required: ['did'],
        properties: {
          did: {
            type: 'string',
            format: 'did',
          },
        },
      },
      bskyAppStatePref: {
        description:
          "A grab bag of state that's specific to the bsky.app program. Third-party apps shouldn't use this.",
        type: 'object',
        properties: {
          activeProgressGuide: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#bskyAppProgressGuide',
          },
          queuedNudges: {
            description:
              'An array of tokens which identify nudges (modals, popups, tours, highlight dots) that should be shown to the user.',
            type: 'array',
            maxLength: 1000,
            items: {
              type: 'string',
              maxLength: 100,
            },
          },
          nuxs: {
            description: 'Storage for NUXs the user has encountered.',
            type: 'array',
            maxLength: 100,
            items: {
              type: 'ref',
              ref: 'lex:app.bsky.actor.defs#nux',
            },
          },
        },
      },
      bskyAppProgressGuide: {
        description:
          'If set, an active progress guide. Once completed, can be set to undefined. Should have unspecced fields tracking progress.',
        type: 'object',
        required: ['guide'],
        properties: {
          guide: {
            type: 'string',
            maxLength: 100,
          },
        },
      },
      nux: {
        type: 'object',
        description: 'A new user experiences (NUX) storage object',
        required: ['id', 'completed'],
        properties: {
          id: {
            type: 'string',
            maxLength: 100,
          },
          completed: {
            type: 'boolean',
            default: false,
          },
          data: {
            description:
              'Arbitrary data for the NUX. The structure is defined by the NUX itself. Limited to 300 characters.',
            type: 'string',
            maxLength: 3000,
            maxGraphemes: 300,
          },
          expiresAt: {
            type: 'string',
            format: 'datetime',
            description:
              'The date and time at which the NUX will expire and should be considered completed.',
          },
        },
      },
      verificationPrefs: {
        type: 'object',
        description: 'Preferences for how verified accounts appear in the app.',
        required: [],
        properties: {
          hideBadges: {
            description:
              'Hide the blue check badges for verified accounts and trusted verifiers.',
            type: 'boolean',
            default: false,
          },
        },
      },
      liveEventPreferences: {
        type: 'object',
        description: 'Preferences for live events.',
        properties: {
          hiddenFeedIds: {
            description:
              'A list of feed IDs that the user has hidden from live events.',
            type: 'array',
            items: {
              type: 'string',
            },
          },
          hideAllFeeds: {
            description: 'Whether to hide all feeds from live events.',
            type: 'boolean',
            default: false,
          },
        },
      },
      postInteractionSettingsPref: {
        type: 'object',
        description:
          'Default post interaction settings for the account. These values should be applied as default values when creating new posts. These refs should mirror the threadgate and postgate records exactly.',
        required: [],
        properties: {
          threadgateAllowRules: {
            description:
              'Matches threadgate record. List of rules defining who can reply to this users posts. If value is an empty array, no one can reply. If value is undefined, anyone can reply.',
            type: 'array',
            maxLength: 5,
            items: {
              type: 'union',
              refs: [
                'lex:app.bsky.feed.threadgate#mentionRule',
                'lex:app.bsky.feed.threadgate#followerRule',
                'lex:app.bsky.feed.threadgate#followingRule',
                'lex:app.bsky.feed.threadgate#listRule',
              ],
            },
          },
          postgateEmbeddingRules: {
            description:
              'Matches postgate record. List of rules defining who can embed this users posts. If value is an empty array or is undefined, no particular rules apply and anyone can embed.',
            type: 'array',
            maxLength: 5,
            items: {
              type: 'union',
              refs: ['lex:app.bsky.feed.postgate#disableRule'],
            },
          },
        },
      },
      statusView: {
        type: 'object',
        required: ['status', 'record'],
        properties: {
          uri: {
            type: 'string',
            format: 'at-uri',
          },
          cid: {
            type: 'string',
            format: 'cid',
          },
          status: {
            type: 'string',
            description: 'The status for the account.',
            knownValues: ['app.bsky.actor.status#live'],
          },
          record: {
            type: 'unknown',
          },
          embed: {
            type: 'union',
            description: 'An optional embed associated with the status.',
            refs: ['lex:app.bsky.embed.external#view'],
          },
          labels: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:com.atproto.label.defs#label',
            },
          },
          expiresAt: {
            type: 'string',
            description:
              'The date when this status will expire. The application might choose to no longer return the status after expiration.',
            format: 'datetime',
          },
          isActive: {
            type: 'boolean',
            description:
              'True if the status is not expired, false if it is expired. Only present if expiration was set.',
          },
          isDisabled: {
            type: 'boolean',
            description:
              "True if the user's go-live access has been disabled by a moderator, false otherwise.",
          },
        },
      },
    },
  },
  AppBskyEmbedDefs: {
    lexicon: 1,
    id: 'app.bsky.embed.defs',
    defs: {
      aspectRatio: {
        type: 'object',
        description:
          'width:height represents an aspect ratio. It may be approximate, and may not correspond to absolute dimensions in any given unit.',
        required: ['width', 'height'],
        properties: {
          width: {
            type: 'integer',
            minimum: 1,
          },
          height: {
            type: 'integer',
            minimum: 1,
          },
        },
      },
    },
  },
  AppBskyEmbedExternal: {
    lexicon: 1,
    id: 'app.bsky.embed.external',
    defs: {
      main: {
        type: 'object',
        description:
          "A representation of some externally linked content (eg, a URL and 'card'), embedded in a Bluesky record (eg, a post).",
        required: ['external'],
        properties: {
          external: {
            type: 'ref',
            ref: 'lex:app.bsky.embed.external#external',
          },
        },
      },
      external: {
        type: 'object',
        required: ['uri', 'title', 'description'],
        properties: {
          uri: {
            type: 'string',
            format: 'uri',
          },
          title: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          thumb: {
            type: 'blob',
            accept: ['image/*'],
            maxSize: 1000000,
          },
          associatedRecords: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:com.atproto.repo.strongRef',
            },
            description:
              'The URI of the Atmosphere record representing this external content, if it exists. Example: a site.standard.document record.',
          },
        },
      },
      view: {
        type: 'object',
        required: ['external'],
        properties: {
          external: {
            type: 'ref',
            ref: 'lex:app.bsky.embed.external#viewExternal',
          },
        },
      },
      viewExternal: {
        type: 'object',
        required: ['uri', 'title', 'description'],
        properties: {
          uri: {
            type: 'string',
            format: 'uri',
          },
          title: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          thumb: {
            type: 'string',
            format: 'uri',
          },
        },
      },
    },
  },
  AppBskyEmbedImages: {
    lexicon: 1,
    id: 'app.bsky.embed.images',
    description: 'A set of images embedded in a Bluesky record (eg, a post).',
    defs: {
      main: {
        type: 'object',
        required: ['images'],
        properties: {
          images: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:app.bsky.embed.images#image',
            },
            maxLength: 4,
          },
        },
      },
      image: {
        type: 'object',
        required: ['image', 'alt'],
        properties: {
          image: {
            type: 'blob',
            description:
              'The raw image file. May be up to 2 MB, formerly limited to 1 MB.',
            accept: ['image/*'],
            maxSize: 2000000,
          },
          alt: {
            type: 'string',
            description:
              'Alt text description of the image, for accessibility.',
          },
          aspectRatio: {
            type: 'ref',
            ref: 'lex:app.bsky.embed.defs#aspectRatio',
          },
        },
      },
      view: {
        type: 'object',
        required: ['images'],
        properties: {
          images: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:app.bsky.embed.images#viewImage',
            },
            maxLength: 4,
          },
        },
      },
      viewImage: {
        type: 'object',
        required: ['thumb', 'fullsize', 'alt'],
        properties: {
          thumb: {
            type: 'string',
            format: 'uri',
            description:
              'Fully-qualified URL where a thumbnail of the image can be fetched. For example, CDN location provided by the App View.',
          },
          fullsize: {
            type: 'string',
            format: 'uri',
            description:
              'Fully-qualified URL where a large version of the image can be fetched. May or may not be the exact original blob. For example, CDN location provided by the App View.',
          },
          alt: {
            type: 'string',
            description:
              'Alt text description of the image, for accessibility.',
          },
          aspectRatio: {
            type: 'ref',
            ref: 'lex:app.bsky.embed.defs#aspectRatio',
          },
        },
      },
    },
  },
  AppBskyEmbedRecord: {
    lexicon: 1,
    id: 'app.bsky.embed.record',
    description:
      'A representation of a record embedded in a Bluesky record (eg, a post). For example, a quote-post, or sharing a feed generator record.',
    defs: {
      main: {
        type: 'object',
        required: ['record'],
        properties: {
          record: {
            type: 'ref',
            ref: 'lex:com.atproto.repo.strongRef',
          },
        },
      },
      view: {
        type: 'object',
        required: ['record'],
        properties: {
          record: {
            type: 'union',
            refs: [
              'lex:app.bsky.embed.record#viewRecord',
              'lex:app.bsky.embed.record#viewNotFound',
              'lex:app.bsky.embed.record#viewBlocked',
              'lex:app.bsky.embed.record#viewDetached',
              'lex:app.bsky.feed.defs#generatorView',
              'lex:app.bsky.graph.defs#listView',
              'lex:app.bsky.labeler.defs#labelerView',
              'lex:app.bsky.graph.defs#starterPackViewBasic',
            ],
          },
        },
      },
      viewRecord: {
        type: 'object',
        required: ['uri', 'cid', 'author', 'value', 'indexedAt'],
        properties: {
          uri: {
            type: 'string',
            format: 'at-uri',
          },
          cid: {
            type: 'string',
            format: 'cid',
          },
          author: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#profileViewBasic',
          },
          value: {
            type: 'unknown',
            description: 'The record data itself.',
          },
          labels: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:com.atproto.label.defs#label',
            },
          },
          replyCount: {
            type: 'integer',
          },
          repostCount: {
            type: 'integer',
          },
          likeCount: {
            type: 'integer',
          },
          quoteCount: {
            type: 'integer',
          },
          embeds: {
            type: 'array',
            items: {
              type: 'union',
              refs: [
                'lex:app.bsky.embed.images#view',
                'lex:app.bsky.embed.video#view',
                'lex:app.bsky.embed.external#view',
                'lex:app.bsky.embed.record#view',
                'lex:app.bsky.embed.recordWithMedia#view',
              ],
            },
          },
          indexedAt: {
            type: 'string',
            format: 'datetime',
          },
        },
      },
      viewNotFound: {
        type: 'object',
        required: ['uri', 'notFound'],
        properties: {
          uri: {
            type: 'string',
            format: 'at-uri',
          },
          notFound: {
            type: 'boolean',
            const: true,
          },
        },
      },
      viewBlocked: {
        type: 'object',
        required: ['uri', 'blocked', 'author'],
        properties: {
          uri: {
            type: 'string',
            format: 'at-uri',
          },
          blocked: {
            type: 'boolean',
            const: true,
          },
          author: {
            type: 'ref',
            ref: 'lex:app.bsky.feed.defs#blockedAuthor',
          },
        },
      },
      viewDetached: {
        type: 'object',
        required: ['uri', 'detached'],
        properties: {
          uri: {
            type: 'string',
            format: 'at-uri',
          },
          detached: {
            type: 'boolean',
            const: true,
          },
        },
      },
    },
  },
  AppBskyEmbedRecordWithMedia: {
    lexicon: 1,
    id: 'app.bsky.embed.recordWithMedia',
    description:
      'A representation of a record embedded in a Bluesky record (eg, a post), alongside other compatible embeds. For example, a quote post and image, or a quote post and external URL card.',
    defs: {
      main: {
        type: 'object',
        required: ['record', 'media'],
        properties: {
          record: {
            type: 'ref',
            ref: 'lex:app.bsky.embed.record',
          },
          media: {
            type: 'union',
            refs: [
              'lex:app.bsky.embed.images',
              'lex:app.bsky.embed.video',
              'lex:app.bsky.embed.external',
            ],
          },
        },
      },
      view: {
        type: 'object',
        required: ['record', 'media'],
        properties: {
          record: {
            type: 'ref',
            ref: 'lex:app.bsky.embed.record#view',
          },
          media: {
            type: 'union',
            refs: [
              'lex:app.bsky.embed.images#view',
              'lex:app.bsky.embed.video#view',
              'lex:app.bsky.embed.external#view',
            ],
          },
        },
      },
    },
  },
  AppBskyEmbedVideo: {
    lexicon: 1,
    id: 'app.bsky.embed.video',
    description: 'A video embedded in a Bluesky record (eg, a post).',
    defs: {
      main: {
        type: 'object',
        required: ['video'],
        properties: {
          video: {
            type: 'blob',
            description:
              'The mp4 video file. May be up to 100mb, formerly limited to 50mb.',
            accept: ['video/mp4'],
            maxSize: 100000000,
          },
          captions: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:app.bsky.embed.video#caption',
            },
            maxLength: 20,
          },
          alt: {
            type: 'string',
            description:
              'Alt text description of the video, for accessibility.',
            maxGraphemes: 1000,
            maxLength: 10000,
          },
          aspectRatio: {
            type: 'ref',
            ref: 'lex:app.bsky.embed.defs#aspectRatio',
          },
          presentation: {
            type: 'string',
            description: 'A hint to the client about how to present the video.',
            knownValues: ['default', 'gif'],
          },
        },
      },
      caption: {
        type: 'object',
        required: ['lang', 'file'],
        properties: {
          lang: {
            type: 'string',
            format: 'language',
          },
          file: {
            type: 'blob',
            accept: ['text/vtt'],
            maxSize: 20000,
          },
        },
      },
      view: {
        type: 'object',
        required: ['cid', 'playlist'],
        properties: {
          cid: {
            type: 'string',
            format: 'cid',
          },
          playlist: {
            type: 'string',
            format: 'uri',
          },
          thumbnail: {
            type: 'string',
            format: 'uri',
          },
          alt: {
            type: 'string',
            maxGraphemes: 1000,
            maxLength: 10000,
          },
          aspectRatio: {
            type: 'ref',
            ref: 'lex:app.bsky.embed.defs#aspectRatio',
          },
          presentation: {
            type: 'string',
            description: 'A hint to the client about how to present the video.',
            knownValues: ['default', 'gif'],
          },
        },
      },
    },
  },
  AppBskyFeedDefs: {
    lexicon: 1,
    id: 'app.bsky.feed.defs',
    defs: {
      postView: {
        type: 'object',
        required: ['uri', 'cid', 'author', 'record', 'indexedAt'],
        properties: {
          uri: {
            type: 'string',
            format: 'at-uri',
          },
          cid: {
            type: 'string',
            format: 'cid',
          },
          author: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#profileViewBasic',
          },
          record: {
            type: 'unknown',
          },
          embed: {
            type: 'union',
            refs: [
              'lex:app.bsky.embed.images#view',
              'lex:app.bsky.embed.video#view',
              'lex:app.bsky.embed.external#view',
              'lex:app.bsky.embed.record#view',
              'lex:app.bsky.embed.recordWithMedia#view',
            ],
          },
          bookmarkCount: {
            type: 'integer',
          },
          replyCount: {
            type: 'integer',
          },
          repostCount: {
            type: 'integer',
          },
          likeCount: {
            type: 'integer',
          },
          quoteCount: {
            type: 'integer',
          },
          indexedAt: {
            type: 'string',
            format: 'datetime',
          },
          viewer: {
            type: 'ref',
            ref: 'lex:app.bsky.feed.defs#viewerState',
          },
          labels: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:com.atproto.label.defs#label',
            },
          },
          threadgate: {
            type: 'ref',
            ref: 'lex:app.bsky.feed.defs#threadgateView',
          },
          debug: {
            type: 'unknown',
            description: 'Debug information for internal development',
          },
        },
      },
      viewerState: {
        type: 'object',
        description:
          "Metadata about the requesting account's relationship with the subject content. Only has meaningful content for authed requests.",
        properties: {
          repost: {
            type: 'string',
            format: 'at-uri',
          },
          like: {
            type: 'string',
            format: 'at-uri',
          },
          bookmarked: {
            type: 'boolean',
          },
          threadMuted: {
            type: 'boolean',
          },
          replyDisabled: {
            type: 'boolean',
          },
          embeddingDisabled: {
            type: 'boolean',
          },
          pinned: {
            type: 'boolean',
          },
        },
      },
      threadContext: {
        type: 'object',
        description:
          'Metadata about this post within the context of the thread it is in.',
        properties: {
          rootAuthorLike: {
            type: 'string',
            format: 'at-uri',
          },
        },
      },
      feedViewPost: {
        type: 'object',
        required: ['post'],
        properties: {
          post: {
            type: 'ref',
            ref: 'lex:app.bsky.feed.defs#postView',
          },
          reply: {
            type: 'ref',
            ref: 'lex:app.bsky.feed.defs#replyRef',
          },
          reason: {
            type: 'union',
            refs: [
              'lex:app.bsky.feed.defs#reasonRepost',
              'lex:app.bsky.feed.defs#reasonPin',
            ],
          },
          feedContext: {
            type: 'string',
            description:
              'Context provided by feed generator that may be passed back alongside interactions.',
            maxLength: 2000,
          },
          reqId: {
            type: 'string',
            description:
              'Unique identifier per request that may be passed back alongside interactions.',
            maxLength: 100,
          },
        },
      },
      replyRef: {
        type: 'object',
        required: ['root', 'parent'],
        properties: {
          root: {
            type: 'union',
            refs: [
              'lex:app.bsky.feed.defs#postView',
              'lex:app.bsky.feed.defs#notFoundPost',
              'lex:app.bsky.feed.defs#blockedPost',
            ],
          },
          parent: {
            type: 'union',
            refs: [
              'lex:app.bsky.feed.defs#postView',
              'lex:app.bsky.feed.defs#notFoundPost',
              'lex:app.bsky.feed.defs#blockedPost',
            ],
          },
          grandparentAuthor: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#profileViewBasic',
            description:
              'When parent is a reply to another post, this is the author of that post.',
          },
        },
      },
      reasonRepost: {
        type: 'object',
        required: ['by', 'indexedAt'],
        properties: {
          by: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#profileViewBasic',
          },
          uri: {
            type: 'string',
            format: 'at-uri',
          },
          cid: {
            type: 'string',
            format: 'cid',
          },
          indexedAt: {
            type: 'string',
            format: 'datetime',
          },
        },
      },
      reasonPin: {
        type: 'object',
        properties: {},
      },
      threadViewPost: {
        type: 'object',
        required: ['post'],
        properties: {
          post: {
            type: 'ref',
            ref: 'lex:app.bsky.feed.defs#postView',
          },
          parent: {
            type: 'union',
            refs: [
              'lex:app.bsky.feed.defs#threadViewPost',
              'lex:app.bsky.feed.defs#notFoundPost',
              'lex:app.bsky.feed.defs#blockedPost',
            ],
          },
          replies: {
            type: 'array',
            items: {
              type: 'union',
              refs: [
                'lex:app.bsky.feed.defs#threadViewPost',
                'lex:app.bsky.feed.defs#notFoundPost',
                'lex:app.bsky.feed.defs#blockedPost',
              ],
            },
          },
          threadContext: {
            type: 'ref',
            ref: 'lex:app.bsky.feed.defs#threadContext',
          },
        },
      },
      notFoundPost: {
        type: 'object',
        required: ['uri', 'notFound'],
        properties: {
          uri: {
            type: 'string',
            format: 'at-uri',
          },
          notFound: {
            type: 'boolean',
            const: true,
          },
        },
      },
      blockedPost: {
        type: 'object',
        required: ['uri', 'blocked', 'author'],
        properties: {
          uri: {
            type: 'string',
            format: 'at-uri',
          },
          blocked: {
            type: 'boolean',
            const: true,
          },
          author: {
            type: 'ref',
            ref: 'lex:app.bsky.feed.defs#blockedAuthor',
          },
        },
      },
      blockedAuthor: {
        type: 'object',
        required: ['did'],
        properties: {
          did: {
            type: 'string',
            format: 'did',
          },
          viewer: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#viewerState',
          },
        },
      },
      generatorView: {
        type: 'object',
        required: ['uri', 'cid', 'did', 'creator', 'displayName', 'indexedAt'],
        properties: {
          uri: {
            type: 'string',
            format: 'at-uri',
          },
          cid: {
            type: 'string',
            format: 'cid',
          },
          did: {
            type: 'string',
            format: 'did',
          },
          creator: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#profileView',
          },
          displayName: {
            type: 'string',
          },
          description: {
            type: 'string',
            maxGraphemes: 300,
            maxLength: 3000,
          },
          descriptionFacets: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:app.bsky.richtext.facet',
            },
          },
          avatar: {
            type: 'string',
            format: 'uri',
          },
          likeCount: {
            type: 'integer',
            minimum: 0,
          },
          acceptsInteractions: {
            type: 'boolean',
          },
          labels: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:com.atproto.label.defs#label',
            },
          },
          viewer: {
            type: 'ref',
            ref: 'lex:app.bsky.feed.defs#generatorViewerState',
          },
          contentMode: {
            type: 'string',
            knownValues: [
              'app.bsky.feed.defs#contentModeUnspecified',
              'app.bsky.feed.defs#contentModeVideo',
            ],
          },
          indexedAt: {
            type: 'string',
            format: 'datetime',
          },
        },
      },
      generatorViewerState: {
        type: 'object',
        properties: {
          like: {
            type: 'string',
            format: 'at-uri',
          },
        },
      },
      skeletonFeedPost: {
        type: 'object',
        required: ['post'],
        properties: {
          post: {
            type: 'string',
            format: 'at-uri',
          },
          reason: {
            type: 'union',
            refs: [
              'lex:app.bsky.feed.defs#skeletonReasonRepost',
              'lex:app.bsky.feed.defs#skeletonReasonPin',
            ],
          },
          feedContext: {
            type: 'string',
            description:
              'Context that will be passed through to client and may be passed to feed generator back alongside interactions.',
            maxLength: 2000,
          },
        },
      },
      skeletonReasonRepost: {
        type: 'object',
        required: ['repost'],
        properties: {
          repost: {
            type: 'string',
            format: 'at-uri',
          },
        },
      },
      skeletonReasonPin: {
        type: 'object',
        properties: {},
      },
      threadgateView: {
        type: 'object',
        properties: {
          uri: {
            type: 'string',
            format: 'at-uri',
          },
          cid: {
            type: 'string',
            format: 'cid',
          },
          record: {
            type: 'unknown',
          },
          lists: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:app.bsky.graph.defs#listViewBasic',
            },
          },
        },
      },
      interaction: {
        type: 'object',
        properties: {
          item: {
            type: 'string',
            format: 'at-uri',
          },
          event: {
            type: 'string',
            knownValues: [
              'app.bsky.feed.defs#requestLess',
              'app.bsky.feed.defs#requestMore',
              'app.bsky.feed.defs#clickthroughItem',
              'app.bsky.feed.defs#clickthroughAuthor',
              'app.bsky.feed.defs#clickthroughReposter',
              'app.bsky.feed.defs#clickthroughEmbed',
              'app.bsky.feed.defs#interactionSeen',
              'app.bsky.feed.defs#interactionLike',
              'app.bsky.feed.defs#interactionRepost',
              'app.bsky.feed.defs#interactionReply',
              'app.bsky.feed.defs#interactionQuote',
              'app.bsky.feed.defs#interactionShare',
            ],
          },
          feedContext: {
            type: 'string',
            description:
              'Context on a feed item that was originally supplied by the feed generator on getFeedSkeleton.',
            maxLength: 2000,
          },
          reqId: {
            type: 'string',
            description:
              'Unique identifier per request that may be passed back alongside interactions.',
            maxLength: 100,
          },
        },
      },
      requestLess: {
        type: 'token',
        description:
          'Request that less content like the given feed item be shown in the feed',
      },
      requestMore: {
        type: 'token',
        description:
          'Request that more content like the given feed item be shown in the feed',
      },
      clickthroughItem: {
        type: 'token',
        description: 'User clicked through to the feed item',
      },
      clickthroughAuthor: {
        type: 'token',
        description: 'User clicked through to the author of the feed item',
      },
      clickthroughReposter: {
        type: 'token',
        description: 'User clicked through to the reposter of the feed item',
      },
      clickthroughEmbed: {
        type: 'token',
        description:
          'User clicked through to the embedded content of the feed item',
      },
      contentModeUnspecified: {
        type: 'token',
        description: 'Declares the feed generator returns any types of posts.',
      },
      contentModeVideo: {
        type: 'token',
        description:
          'Declares the feed generator returns posts containing app.bsky.embed.video embeds.',
      },
      interactionSeen: {
        type: 'token',
        description: 'Feed item was seen by user',
      },
      interactionLike: {
        type: 'token',
        description: 'User liked the feed item',
      },
      interactionRepost: {
        type: 'token',
        description: 'User reposted the feed item',
      },
      interactionReply: {
        type: 'token',
        description: 'User replied to the feed item',
      },
      interactionQuote: {
        type: 'token',
        description: 'User quoted the feed item',
      },
      interactionShare: {
        type: 'token',
        description: 'User shared the feed item',
      },
    },
  },
  AppBskyFeedDescribeFeedGenerator: {
    lexicon: 1,
    id: 'app.bsky.feed.describeFeedGenerator',
    defs: {
      main: {
        type: 'query',
        description:
          'Get information about a feed generator, including policies and offered feed URIs. Does not require auth; implemented by Feed Generator services (not App View).',
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['did', 'feeds'],
            properties: {
              did: {
                type: 'string',
                format: 'did',
              },
              feeds: {
                type: 'array',
                items: {
                  type: 'ref',
                  ref: 'lex:app.bsky.feed.describeFeedGenerator#feed',
                },
              },
              links: {
                type: 'ref',
                ref: 'lex:app.bsky.feed.describeFeedGenerator#links',
              },
            },
          },
        },
      },
      feed: {
        type: 'object',
        required: ['uri'],
        properties: {
          uri: {
            type: 'string',
            format: 'at-uri',
          },
        },
      },
      links: {
        type: 'object',
        properties: {
          privacyPolicy: {
            type: 'string',
          },
          termsOfService: {
            type: 'string',
          },
        },
      },
    },
  },
  AppBskyFeedGetFeedSkeleton: {
    lexicon: 1,
    id: 'app.bsky.feed.getFeedSkeleton',
    defs: {
      main: {
        type: 'query',
        description:
          'Get a skeleton of a feed provided by a feed generator. Auth is optional, depending on provider requirements, and provides the DID of the requester. Implemented by Feed Generator Service.',
        parameters: {
          type: 'params',
          required: ['feed'],
          properties: {
            feed: {
              type: 'string',
              format: 'at-uri',
              description:
                'Reference to feed generator record describing the specific feed being requested.',
            },
            limit: {
              type: 'integer',
              minimum: 1,
              maximum: 100,
              default: 50,
            },
            cursor: {
              type: 'string',
            },
          },
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['feed'],
            properties: {
              cursor: {
                type: 'string',
              },
              feed: {
                type: 'array',
                items: {
                  type: 'ref',
                  ref: 'lex:app.bsky.feed.defs#skeletonFeedPost',
                },
              },
              reqId: {
                type: 'string',
                description:
                  'Unique identifier per request that may be passed back alongside interactions.',
                maxLength: 100,
              },
            },
          },
        },
        errors: [
          {
            name: 'UnknownFeed',
          },
        ],
      },
    },
  },
  AppBskyFeedPostgate: {
    lexicon: 1,
    id: 'app.bsky.feed.postgate',
    defs: {
      main: {
        type: 'record',
        key: 'tid',
        description:
          'Record defining interaction rules for a post. The record key (rkey) of the postgate record must match the record key of the post, and that record must be in the same repository.',
        record: {
          type: 'object',
          required: ['post', 'createdAt'],
          properties: {
            createdAt: {
              type: 'string',
              format: 'datetime',
            },
            post: {
              type: 'string',
              format: 'at-uri',
              description: 'Reference (AT-URI) to the post record.',
            },
            detachedEmbeddingUris: {
              type: 'array',
              maxLength: 50,
              items: {
                type: 'string',
                format: 'at-uri',
              },
              description:
                'List of AT-URIs embedding this post that the author has detached from.',
            },
            embeddingRules: {
              description:
                'List of rules defining who can embed this post. If value is an empty array or is undefined, no particular rules apply and anyone can embed.',
              type: 'array',
              maxLength: 5,
              items: {
                type: 'union',
                refs: ['lex:app.bsky.feed.postgate#disableRule'],
              },
            },
          },
        },
      },
      disableRule: {
        type: 'object',
        description: 'Disables embedding of this post.',
        properties: {},
      },
    },
  },
  AppBskyFeedSendInteractions: {
    lexicon: 1,
    id: 'app.bsky.feed.sendInteractions',
    defs: {
      main: {
        type: 'procedure',
        description:
          'Send information about interactions with feed items back to the feed generator that served them.',
        input: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['interactions'],
            properties: {
              feed: {
                type: 'string',
                format: 'at-uri',
              },
              interactions: {
                type: 'array',
                items: {
                  type: 'ref',
                  ref: 'lex:app.bsky.feed.defs#interaction',
                },
              },
            },
          },
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            properties: {},
          },
        },
      },
    },
  },
  AppBskyFeedThreadgate: {
    lexicon: 1,
    id: 'app.bsky.feed.threadgate',
    defs: {
      main: {
        type: 'record',
        key: 'tid',
        description:
          "Record defining interaction gating rules for a thread (aka, reply controls). The record key (rkey) of the threadgate record must match the record key of the thread's root post, and that record must be in the same repository.",
        record: {
          type: 'object',
          required: ['post', 'createdAt'],
          properties: {
            post: {
              type: 'string',
              format: 'at-uri',
              description: 'Reference (AT-URI) to the post record.',
            },
            allow: {
              description:
                'List of rules defining who can reply to this post. If value is an empty array, no one can reply. If value is undefined, anyone can reply.',
              type: 'array',
              maxLength: 5,
              items: {
                type: 'union',
                refs: [
                  'lex:app.bsky.feed.threadgate#mentionRule',
                  'lex:app.bsky.feed.threadgate#followerRule',
                  'lex:app.bsky.feed.threadgate#followingRule',
                  'lex:app.bsky.feed.threadgate#listRule',
                ],
              },
            },
            createdAt: {
              type: 'string',
              format: 'datetime',
            },
            hiddenReplies: {
              type: 'array',
              maxLength: 300,
              items: {
                type: 'string',
                format: 'at-uri',
              },
              description: 'List of hidden reply URIs.',
            },
          },
        },
      },
      mentionRule: {
        type: 'object',
        description: 'Allow replies from actors mentioned in your post.',
        properties: {},
      },
      followerRule: {
        type: 'object',
        description: 'Allow replies from actors who follow you.',
        properties: {},
      },
      followingRule: {
        type: 'object',
        description: 'Allow replies from actors you follow.',
        properties: {},
      },
      listRule: {
        type: 'object',
        description: 'Allow replies from actors on a list.',
        required: ['list'],
        properties: {
          list: {
            type: 'string',
            format: 'at-uri',
          },
        },
      },
    },
  },
  AppBskyGraphDefs: {
    lexicon: 1,
    id: 'app.bsky.graph.defs',
    defs: {
      listViewBasic: {
        type: 'object',
        required: ['uri', 'cid', 'name', 'purpose'],
        properties: {
          uri: {
            type: 'string',
            format: 'at-uri',
          },
          cid: {
            type: 'string',
            format: 'cid',
          },
          name: {
            type: 'string',
            maxLength: 64,
            minLength: 1,
          },
          purpose: {
            type: 'ref',
            ref: 'lex:app.bsky.graph.defs#listPurpose',
          },
          avatar: {
            type: 'string',
            format: 'uri',
          },
          listItemCount: {
            type: 'integer',
            minimum: 0,
          },
          labels: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:com.atproto.label.defs#label',
            },
          },
          viewer: {
            type: 'ref',
            ref: 'lex:app.bsky.graph.defs#listViewerState',
          },
          indexedAt: {
            type: 'string',
            format: 'datetime',
          },
        },
      },
      listView: {
        type: 'object',
        required: ['uri', 'cid', 'creator', 'name', 'purpose', 'indexedAt'],
        properties: {
          uri: {
            type: 'string',
            format: 'at-uri',
          },
          cid: {
            type: 'string',
            format: 'cid',
          },
          creator: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#profileView',
          },
          name: {
            type: 'string',
            maxLength: 64,
            minLength: 1,
          },
          purpose: {
            type: 'ref',
            ref: 'lex:app.bsky.graph.defs#listPurpose',
          },
          description: {
            type: 'string',
            maxGraphemes: 300,
            maxLength: 3000,
          },
          descriptionFacets: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:app.bsky.richtext.facet',
            },
          },
          avatar: {
            type: 'string',
            format: 'uri',
          },
          listItemCount: {
            type: 'integer',
            minimum: 0,
          },
          labels: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:com.atproto.label.defs#label',
            },
          },
          viewer: {
            type: 'ref',
            ref: 'lex:app.bsky.graph.defs#listViewerState',
          },
          indexedAt: {
            type: 'string',
            format: 'datetime',
          },
        },
      },
      listItemView: {
        type: 'object',
        required: ['uri', 'subject'],
        properties: {
          uri: {
            type: 'string',
            format: 'at-uri',
          },
          subject: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#profileView',
          },
        },
      },
      starterPackView: {
        type: 'object',
        required: ['uri', 'cid', 'record', 'creator', 'indexedAt'],
        properties: {
          uri: {
            type: 'string',
            format: 'at-uri',
          },
          cid: {
            type: 'string',
            format: 'cid',
          },
          record: {
            type: 'unknown',
          },
          creator: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#profileViewBasic',
          },
          list: {
            type: 'ref',
            ref: 'lex:app.bsky.graph.defs#listViewBasic',
          },
          listItemsSample: {
            type: 'array',
            maxLength: 12,
            items: {
              type: 'ref',
              ref: 'lex:app.bsky.graph.defs#listItemView',
            },
          },
          feeds: {
            type: 'array',
            maxLength: 3,
            items: {
              type: 'ref',
              ref: 'lex:app.bsky.feed.defs#generatorView',
            },
          },
          joinedWeekCount: {
            type: 'integer',
            minimum: 0,
          },
          joinedAllTimeCount: {
            type: 'integer',
            minimum: 0,
          },
          labels: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:com.atproto.label.defs#label',
            },
          },
          indexedAt: {
            type: 'string',
            format: 'datetime',
          },
        },
      },
      starterPackViewBasic: {
        type: 'object',
        required: ['uri', 'cid', 'record', 'creator', 'indexedAt'],
        properties: {
          uri: {
            type: 'string',
            format: 'at-uri',
          },
          cid: {
            type: 'string',
            format: 'cid',
          },
          record: {
            type: 'unknown',
          },
          creator: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#profileViewBasic',
          },
          listItemCount: {
            type: 'integer',
            minimum: 0,
          },
          joinedWeekCount: {
            type: 'integer',
            minimum: 0,
          },
          joinedAllTimeCount: {
            type: 'integer',
            minimum: 0,
          },
          labels: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:com.atproto.label.defs#label',
            },
          },
          indexedAt: {
            type: 'string',
            format: 'datetime',
          },
        },
      },
      listPurpose: {
        type: 'string',
        knownValues: [
          'app.bsky.graph.defs#modlist',
          'app.bsky.graph.defs#curatelist',
          'app.bsky.graph.defs#referencelist',
        ],
      },
      modlist: {
        type: 'token',
        description:
          'A list of actors to apply an aggregate moderation action (mute/block) on.',
      },
      curatelist: {
        type: 'token',
        description:
          'A list of actors used for curation purposes such as list feeds or interaction gating.',
      },
      referencelist: {
        type: 'token',
        description:
          'A list of actors used for only for reference purposes such as within a starter pack.',
      },
      listViewerState: {
        type: 'object',
        properties: {
          muted: {
            type: 'boolean',
          },
          blocked: {
            type: 'string',
            format: 'at-uri',
          },
        },
      },
      notFoundActor: {
        type: 'object',
        description: 'indicates that a handle or DID could not be resolved',
        required: ['actor', 'notFound'],
        properties: {
          actor: {
            type: 'string',
            format: 'at-identifier',
          },
          notFound: {
            type: 'boolean',
            const: true,
          },
        },
      },
      relationship: {
        type: 'object',
        description:
          'lists the bi-directional graph relationships between one actor (not indicated in the object), and the target actors (the DID included in the object)',
        required: ['did'],
        properties: {
          did: {
            type: 'string',
            format: 'did',
          },
          following: {
            type: 'string',
            format: 'at-uri',
            description:
              'if the actor follows this DID, this is the AT-URI of the follow record',
          },
          followedBy: {
            type: 'string',
            format: 'at-uri',
            description:
              'if the actor is followed by this DID, contains the AT-URI of the follow record',
          },
          blocking: {
            type: 'string',
            format: 'at-uri',
            description:
              'if the actor blocks this DID, this is the AT-URI of the block record',
          },
          blockedBy: {
            type: 'string',
            format: 'at-uri',
            description:
              'if the actor is blocked by this DID, contains the AT-URI of the block record',
          },
          blockingByList: {
            type: 'string',
            format: 'at-uri',
            description:
              'if the actor blocks this DID via a block list, this is the AT-URI of the listblock record',
          },
          blockedByList: {
            type: 'string',
            format: 'at-uri',
            description:
              'if the actor is blocked by this DID via a block list, contains the AT-URI of the listblock record',
          },
        },
      },
    },
  },
  AppBskyLabelerDefs: {
    lexicon: 1,
    id: 'app.bsky.labeler.defs',
    defs: {
      labelerView: {
        type: 'object',
        required: ['uri', 'cid', 'creator', 'indexedAt'],
        properties: {
          uri: {
            type: 'string',
            format: 'at-uri',
          },
          cid: {
            type: 'string',
            format: 'cid',
          },
          creator: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#profileView',
          },
          likeCount: {
            type: 'integer',
            minimum: 0,
          },
          viewer: {
            type: 'ref',
            ref: 'lex:app.bsky.labeler.defs#labelerViewerState',
          },
          indexedAt: {
            type: 'string',
            format: 'datetime',
          },
          labels: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:com.atproto.label.defs#label',
            },
          },
        },
      },
      labelerViewDetailed: {
        type: 'object',
        required: ['uri', 'cid', 'creator', 'policies', 'indexedAt'],
        properties: {
          uri: {
            type: 'string',
            format: 'at-uri',
          },
          cid: {
            type: 'string',
            format: 'cid',
          },
          creator: {
            type: 'ref',
            ref: 'lex:app.bsky.actor.defs#profileView',
          },
          policies: {
            type: 'ref',
            ref: 'lex:app.bsky.labeler.defs#labelerPolicies',
          },
          likeCount: {
            type: 'integer',
            minimum: 0,
          },
          viewer: {
            type: 'ref',
            ref: 'lex:app.bsky.labeler.defs#labelerViewerState',
          },
          indexedAt: {
            type: 'string',
            format: 'datetime',
          },
          labels: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:com.atproto.label.defs#label',
            },
          },
          reasonTypes: {
            description:
              "The set of report reason 'codes' which are in-scope for this service to review and action. These usually align to policy categories. If not defined (distinct from empty array), all reason types are allowed.",
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:com.atproto.moderation.defs#reasonType',
            },
          },
          subjectTypes: {
            description:
              'The set of subject types (account, record, etc) this service accepts reports on.',
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:com.atproto.moderation.defs#subjectType',
            },
          },
          subjectCollections: {
            type: 'array',
            description:
              'Set of record types (collection NSIDs) which can be reported to this service. If not defined (distinct from empty array), default is any record type.',
            items: {
              type: 'string',
              format: 'nsid',
            },
          },
        },
      },
      labelerViewerState: {
        type: 'object',
        properties: {
          like: {
            type: 'string',
            format: 'at-uri',
          },
        },
      },
      labelerPolicies: {
        type: 'object',
        required: ['labelValues'],
        properties: {
          labelValues: {
            type: 'array',
            description:
              'The label values which this labeler publishes. May include global or custom labels.',
            items: {
              type: 'ref',
              ref: 'lex:com.atproto.label.defs#labelValue',
            },
          },
          labelValueDefinitions: {
            type: 'array',
            description:
              'Label values created by this labeler and scoped exclusively to it. Labels defined here will override global label definitions for this labeler.',
            items: {
              type: 'ref',
              ref: 'lex:com.atproto.label.defs#labelValueDefinition',
            },
          },
        },
      },
    },
  },
  AppBskyNotificationDefs: {
    lexicon: 1,
    id: 'app.bsky.notification.defs',
    defs: {
      recordDeleted: {
        type: 'object',
        properties: {},
      },
      chatPreference: {
        type: 'object',
        required: ['include', 'push'],
        properties: {
          include: {
            type: 'string',
            knownValues: ['all', 'accepted'],
          },
          push: {
            type: 'boolean',
          },
        },
      },
      filterablePreference: {
        type: 'object',
        required: ['include', 'list', 'push'],
        properties: {
          include: {
            type: 'string',
            knownValues: ['all', 'follows'],
          },
          list: {
            type: 'boolean',
          },
          push: {
            type: 'boolean',
          },
        },
      },
      preference: {
        type: 'object',
        required: ['list', 'push'],
        properties: {
          list: {
            type: 'boolean',
          },
          push: {
            type: 'boolean',
          },
        },
      },
      preferences: {
        type: 'object',
        required: [
          'chat',
          'follow',
          'like',
          'likeViaRepost',
          'mention',
          'quote',
          'reply',
          'repost',
          'repostViaRepost',
          'starterpackJoined',
          'subscribedPost',
          'unverified',
          'verified',
        ],
        properties: {
          chat: {
            type: 'ref',
            ref: 'lex:app.bsky.notification.defs#chatPreference',
          },
          follow: {
            type: 'ref',
            ref: 'lex:app.bsky.notification.defs#filterablePreference',
          },
          like: {
            type: 'ref',
            ref: 'lex:app.bsky.notification.defs#filterablePreference',
          },
          likeViaRepost: {
            type: 'ref',
            ref: 'lex:app.bsky.notification.defs#filterablePreference',
          },
          mention: {
            type: 'ref',
            ref: 'lex:app.bsky.notification.defs#filterablePreference',
          },
          quote: {
            type: 'ref',
            ref: 'lex:app.bsky.notification.defs#filterablePreference',
          },
          reply: {
            type: 'ref',
            ref: 'lex:app.bsky.notification.defs#filterablePreference',
          },
          repost: {
            type: 'ref',
            ref: 'lex:app.bsky.notification.defs#filterablePreference',
          },
          repostViaRepost: {
            type: 'ref',
            ref: 'lex:app.bsky.notification.defs#filterablePreference',
          },
          starterpackJoined: {
            type: 'ref',
            ref: 'lex:app.bsky.notification.defs#preference',
          },
          subscribedPost: {
            type: 'ref',
            ref: 'lex:app.bsky.notification.defs#preference',
          },
          unverified: {
            type: 'ref',
            ref: 'lex:app.bsky.notification.defs#preference',
          },
          verified: {
            type: 'ref',
            ref: 'lex:app.bsky.notification.defs#preference',
          },
        },
      },
      activitySubscription: {
        type: 'object',
        required: ['post', 'reply'],
        properties: {
          post: {
            type: 'boolean',
          },
          reply: {
            type: 'boolean',
          },
        },
      },
      subjectActivitySubscription: {
        description:
          'Object used to store activity subscription data in stash.',
        type: 'object',
        required: ['subject', 'activitySubscription'],
        properties: {
          subject: {
            type: 'string',
            format: 'did',
          },
          activitySubscription: {
            type: 'ref',
            ref: 'lex:app.bsky.notification.defs#activitySubscription',
          },
        },
      },
    },
  },
  AppBskyRichtextFacet: {
    lexicon: 1,
    id: 'app.bsky.richtext.facet',
    defs: {
      main: {
        type: 'object',
        description: 'Annotation of a sub-string within rich text.',
        required: ['index', 'features'],
        properties: {
          index: {
            type: 'ref',
            ref: 'lex:app.bsky.richtext.facet#byteSlice',
          },
          features: {
            type: 'array',
            items: {
              type: 'union',
              refs: [
                'lex:app.bsky.richtext.facet#mention',
                'lex:app.bsky.richtext.facet#link',
                'lex:app.bsky.richtext.facet#tag',
              ],
            },
          },
        },
      },
      mention: {
        type: 'object',
        description:
          "Facet feature for mention of another account. The text is usually a handle, including a '@' prefix, but the facet reference is a DID.",
        required: ['did'],
        properties: {
          did: {
            type: 'string',
            format: 'did',
          },
        },
      },
      link: {
        type: 'object',
        description:
          'Facet feature for a URL. The text URL may have been simplified or truncated, but the facet reference should be a complete URL.',
        required: ['uri'],
        properties: {
          uri: {
            type: 'string',
            format: 'uri',
          },
        },
      },
      tag: {
        type: 'object',
        description:
          "Facet feature for a hashtag. The text usually includes a '#' prefix, but the facet reference should not (except in the case of 'double hash tags').",
        required: ['tag'],
        properties: {
          tag: {
            type: 'string',
            maxLength: 640,
            maxGraphemes: 64,
          },
        },
      },
      byteSlice: {
        type: 'object',
        description:
          'Specifies the sub-string range a facet feature applies to. Start index is inclusive, end index is exclusive. Indices are zero-indexed, counting bytes of the UTF-8 encoded text. NOTE: some languages, like Javascript, use UTF-16 or Unicode codepoints for string slice indexing; in these languages, convert to byte arrays before working with facets.',
        required: ['byteStart', 'byteEnd'],
        properties: {
          byteStart: {
            type: 'integer',
            minimum: 0,
          },
          byteEnd: {
            type: 'integer',
            minimum: 0,
          },
        },
      },
    },
  },
  AppFramewrightActorGetProfile: {
    lexicon: 1,
    id: 'app.framewright.actor.getProfile',
    defs: {
      main: {
        type: 'query',
        description:
          "A person as the web client's profile page shows them: handle, display name and avatar (read from their app.bsky.actor.profile on their own PDS), how many videos this appview holds by them, and, with a service JWT (aud = this appview, lxm = this method), whether the viewer follows them (the URI of the viewer's app.bsky.graph.follow record).",
        parameters: {
          type: 'params',
          required: ['actor'],
          properties: {
            actor: {
              type: 'string',
              maxLength: 256,
              description:
                "A handle (with or without '@') or a DID; checked here, so that a malformed one gets InvalidHandle.",
            },
          },
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'ref',
            ref: 'lex:app.framewright.actor.getProfile#profileView',
          },
        },
        errors: [
          {
            name: 'ActorNotFound',
            description:
              'The handle does not resolve, or the DID has no DID document.',
          },
          {
            name: 'InvalidHandle',
            description: 'The handle is not a syntactically valid handle.',
          },
        ],
      },
      profileView: {
        type: 'object',
        required: ['did', 'handle', 'videoCount'],
        properties: {
          did: {
            type: 'string',
            format: 'did',
          },
          handle: {
            type: 'string',
            format: 'handle',
            description: "'handle.invalid' when the handle does not verify.",
          },
          displayName: {
            type: 'string',
            maxGraphemes: 64,
            maxLength: 640,
          },
          description: {
            type: 'string',
            maxGraphemes: 256,
            maxLength: 2560,
          },
          avatar: {
            type: 'string',
            format: 'uri',
            description: "The avatar image, fetched from the person's PDS.",
          },
          videoCount: {
            type: 'integer',
            minimum: 0,
          },
          viewer: {
            type: 'ref',
            ref: 'lex:app.framewright.actor.getProfile#viewerState',
          },
        },
      },
      viewerState: {
        type: 'object',
        properties: {
          following: {
            type: 'string',
            format: 'at-uri',
            description:
              "The viewer's follow record of this person, when there is one.",
          },
        },
      },
    },
  },
  AppFramewrightActorSearchActors: {
    lexicon: 1,
    id: 'app.framewright.actor.searchActors',
    defs: {
      main: {
        type: 'query',
        description:
          'People this appview knows (creators, depicted people, grant holders) whose handle or display name matches the words typed (each word, or the start of it), best match first.',
        parameters: {
          type: 'params',
          required: ['q'],
          properties: {
            q: {
              type: 'string',
              minLength: 1,
              maxLength: 256,
              description:
                "Words of a handle (with or without '@') or of a display name.",
            },
            limit: {
              type: 'integer',
              minimum: 1,
              maximum: 50,
              default: 25,
            },
            cursor: {
              type: 'string',
            },
          },
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['actors'],
            properties: {
              cursor: {
                type: 'string',
              },
              actors: {
                type: 'array',
                items: {
                  type: 'ref',
                  ref: 'lex:app.framewright.video.defs#actorView',
                },
              },
            },
          },
        },
        errors: [
          {
            name: 'BadQuery',
            description: 'The text has no word to search for.',
          },
          {
            name: 'BadCursor',
            description: 'The cursor is not one this method gave out.',
          },
        ],
      },
    },
  },
  AppFramewrightActorSearchTypeahead: {
    lexicon: 1,
    id: 'app.framewright.actor.searchTypeahead',
    defs: {
      main: {
        type: 'query',
        description:
          'People whose handle or display name starts with the text typed so far, for pickers. It knows the accounts this appview has indexed or resolved (creators, depicted people, grant holders); a complete handle of anyone else is resolved on the spot.',
        parameters: {
          type: 'params',
          required: ['q'],
          properties: {
            q: {
              type: 'string',
              minLength: 1,
              maxLength: 256,
              description:
                "The start of a handle (with or without '@') or of a display name.",
            },
            limit: {
              type: 'integer',
              minimum: 1,
              maximum: 25,
              default: 8,
            },
          },
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['actors'],
            properties: {
              actors: {
                type: 'array',
                items: {
                  type: 'ref',
                  ref: 'lex:app.framewright.video.defs#actorView',
                },
              },
            },
          },
        },
      },
    },
  },
  AppFramewrightFeedDefs: {
    lexicon: 1,
    id: 'app.framewright.feed.defs',
    defs: {
      feedItem: {
        type: 'object',
        required: ['video'],
        properties: {
          video: {
            type: 'ref',
            ref: 'lex:app.framewright.video.defs#videoView',
          },
          feedContext: {
            type: 'string',
            maxLength: 2000,
            description:
              'Why the feed generator put this item here, as it said.',
          },
        },
      },
      feedEnd: {
        type: 'object',
        description:
          "Why a feed ended for this viewer, when the feed generator said: the viewer's daily limit (one count across the generator's feeds), or a personal feed that needs a signed-in viewer.",
        required: ['reason'],
        properties: {
          reason: {
            type: 'string',
            knownValues: ['dailyLimit', 'authRequired'],
          },
          servedToday: {
            type: 'integer',
            minimum: 0,
            description:
              "Videos this viewer was served today, across the generator's feeds.",
          },
          dailyLimit: {
            type: 'integer',
            minimum: 0,
          },
          resetsAt: {
            type: 'string',
            format: 'datetime',
            description: 'When the count starts again (midnight UTC).',
          },
        },
      },
      generatorView: {
        type: 'object',
        required: ['uri', 'cid', 'did', 'creator', 'displayName', 'indexedAt'],
        properties: {
          uri: {
            type: 'string',
            format: 'at-uri',
          },
          cid: {
            type: 'string',
            format: 'cid',
          },
          did: {
            type: 'string',
            format: 'did',
            description: "The feed generator service's DID.",
          },
          creator: {
            type: 'ref',
            ref: 'lex:app.framewright.video.defs#actorView',
          },
          displayName: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          contentMode: {
            type: 'string',
          },
          acceptsInteractions: {
            type: 'boolean',
          },
          endpoint: {
            type: 'string',
            format: 'uri',
            description:
              'Where the feed generator service answers (its #bsky_fg endpoint), for clients that call it directly, e.g. sendInteractions.',
          },
          indexedAt: {
            type: 'string',
            format: 'datetime',
          },
        },
      },
    },
  },
  AppFramewrightFeedGetFeed: {
    lexicon: 1,
    id: 'app.framewright.feed.getFeed',
    defs: {
      main: {
        type: 'query',
        description:
          "A page of any feed generator's feed, hydrated into video views with the labels of the labelers the viewer accepts (atproto-accept-labelers). A viewer who sends a service JWT for the feed generator (aud = its DID, lxm = app.bsky.feed.getFeedSkeleton) gets their personal ranking; the appview verifies it and passes it on.",
        parameters: {
          type: 'params',
          required: ['feed'],
          properties: {
            feed: {
              type: 'string',
              format: 'at-uri',
            },
            limit: {
              type: 'integer',
              minimum: 1,
              maximum: 100,
              default: 30,
            },
            cursor: {
              type: 'string',
            },
          },
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['feed'],
            properties: {
              cursor: {
                type: 'string',
                description: 'Absent when the feed has ended.',
              },
              feed: {
                type: 'array',
                items: {
                  type: 'ref',
                  ref: 'lex:app.framewright.feed.defs#feedItem',
                },
              },
              viewerPrefs: {
                type: 'string',
                maxLength: 120,
                description:
                  "For a signed-in viewer: the CID of their app.framewright.feed.prefs record the feed generator ranked this page by, or 'none'. A client that just saved new prefs reloads until it matches.",
              },
              end: {
                type: 'ref',
                ref: 'lex:app.framewright.feed.defs#feedEnd',
                description:
                  'Present when the feed generator said why this page is the end.',
              },
            },
          },
        },
        errors: [
          {
            name: 'UnknownFeed',
            description: 'No feed generator record at that URI.',
          },
          {
            name: 'FeedUnavailable',
            description:
              'The feed generator could not be reached or answered with an error.',
          },
          {
            name: 'BadFeedAuth',
            description:
              'The service JWT for the feed generator did not verify.',
          },
        ],
      },
    },
  },
  AppFramewrightFeedGetSuggestedFeeds: {
    lexicon: 1,
    id: 'app.framewright.feed.getSuggestedFeeds',
    defs: {
      main: {
        type: 'query',
        description:
          'Video feed generators this appview knows of (from app.bsky.feed.generator records with contentMode video).',
        parameters: {
          type: 'params',
          properties: {
            limit: {
              type: 'integer',
              minimum: 1,
              maximum: 100,
              default: 50,
            },
          },
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['feeds'],
            properties: {
              feeds: {
                type: 'array',
                items: {
                  type: 'ref',
                  ref: 'lex:app.framewright.feed.defs#generatorView',
                },
              },
            },
          },
        },
      },
    },
  },
  AppFramewrightFeedPrefs: {
    lexicon: 1,
    id: 'app.framewright.feed.prefs',
    description:
      "A viewer's own steering of the ranking of the feeds they read.",
    defs: {
      main: {
        type: 'record',
        key: 'literal:self',
        record: {
          type: 'object',
          required: ['createdAt'],
          properties: {
            instruction: {
              type: 'string',
              maxLength: 3000,
              maxGraphemes: 300,
              description:
                "Natural-language steering, e.g. 'more animation, less politics'.",
            },
            weights: {
              type: 'ref',
              ref: 'lex:app.framewright.feed.prefs#weights',
            },
            dailyLimit: {
              type: 'integer',
              minimum: 1,
              maximum: 1000,
              description: 'Videos per day; after it the feed ends.',
            },
            breakReminderMinutes: {
              type: 'integer',
              minimum: 1,
              maximum: 600,
            },
            mutedTags: {
              type: 'array',
              maxLength: 100,
              items: {
                type: 'string',
                maxLength: 640,
                maxGraphemes: 64,
              },
            },
            createdAt: {
              type: 'string',
              format: 'datetime',
            },
          },
        },
      },
      weights: {
        type: 'object',
        description:
          'Relative weights of ranking signals, in basis points (0-10000).',
        properties: {
          remixes: {
            type: 'integer',
            minimum: 0,
            maximum: 10000,
          },
          newCreators: {
            type: 'integer',
            minimum: 0,
            maximum: 10000,
          },
          following: {
            type: 'integer',
            minimum: 0,
            maximum: 10000,
          },
          freshness: {
            type: 'integer',
            minimum: 0,
            maximum: 10000,
          },
        },
      },
    },
  },
  AppFramewrightGenerateCreateJob: {
    lexicon: 1,
    id: 'app.framewright.generate.createJob',
    defs: {
      main: {
        type: 'procedure',
        description:
          'Queue a video generation job for the authenticated creator. Jobs are durable: they survive an appview restart.',
        input: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['prompt'],
            properties: {
              prompt: {
                type: 'string',
                maxLength: 20000,
                maxGraphemes: 2000,
              },
              provider: {
                type: 'string',
                default: 'procedural',
              },
              model: {
                type: 'string',
              },
              seed: {
                type: 'integer',
                minimum: 0,
                maximum: 4294967295,
              },
              durationMs: {
                type: 'integer',
                minimum: 1000,
                maximum: 60000,
              },
              aspectRatio: {
                type: 'ref',
                ref: 'lex:app.framewright.video.post#aspectRatio',
              },
              depicts: {
                type: 'array',
                maxLength: 8,
                items: {
                  type: 'string',
                  format: 'did',
                },
                description:
                  'People whose likeness the video will use. The appview adds the people the prompt names (an @handle, or the exact display name of someone with a likeness grant) and, for a remix, the people the original depicts; each must have granted their likeness to the creator.',
              },
              remixOf: {
                type: 'ref',
                ref: 'lex:com.atproto.repo.strongRef',
              },
            },
          },
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'ref',
            ref: 'lex:app.framewright.generate.defs#jobView',
          },
        },
        errors: [
          {
            name: 'UnknownProvider',
          },
          {
            name: 'ProviderUnavailable',
          },
          {
            name: 'LikenessNotConsented',
            description:
              "A depicted person's grant does not cover the creator; the message says who and why.",
          },
          {
            name: 'MentionNotFound',
            description:
              'The prompt mentions an @handle that does not resolve to an account.',
          },
          {
            name: 'RemixNotFound',
            description:
              'The video to remix is not indexed here, so who it depicts is unknown.',
          },
          {
            name: 'TooManyPeople',
            description:
              'More people would be depicted than a video record can name.',
          },
          {
            name: 'PromptRejected',
          },
          {
            name: 'TooManyJobs',
          },
          {
            name: 'ProviderNotAllowed',
            description:
              'The provider costs the operator money, and the operator has not opened it to this account.',
          },
          {
            name: 'DailyQuotaExceeded',
            description:
              "The creator has queued the day's most jobs with this provider; the message says how many and when the quota resets (midnight UTC).",
          },
        ],
      },
    },
  },
  AppFramewrightGenerateDefs: {
    lexicon: 1,
    id: 'app.framewright.generate.defs',
    defs: {
      jobView: {
        type: 'object',
        required: [
          'id',
          'status',
          'progress',
          'provider',
          'model',
          'prompt',
          'createdAt',
          'updatedAt',
        ],
        properties: {
          id: {
            type: 'string',
          },
          status: {
            type: 'string',
            knownValues: [
              'queued',
              'running',
              'succeeded',
              'failed',
              'expired',
            ],
            description:
              'expired: the draft was not published in time and its video was deleted; error says so.',
          },
          progress: {
            type: 'integer',
            minimum: 0,
            maximum: 100,
            description: 'Percent done.',
          },
          stage: {
            type: 'string',
            description: 'What the provider is doing now, for people to read.',
          },
          provider: {
            type: 'string',
          },
          model: {
            type: 'string',
          },
          prompt: {
            type: 'string',
          },
          seed: {
            type: 'integer',
          },
          depicts: {
            type: 'array',
            items: {
              type: 'string',
              format: 'did',
            },
            description:
              'Everyone the video depicts: as asked, named in the prompt, and from the remixed video.',
          },
          restrictions: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:app.framewright.generate.defs#restriction',
            },
            description:
              "The depicted people's grant restrictions, as handed to the provider.",
          },
          remixOf: {
            type: 'ref',
            ref: 'lex:com.atproto.repo.strongRef',
          },
          error: {
            type: 'string',
          },
          result: {
            type: 'ref',
            ref: 'lex:app.framewright.generate.defs#jobResult',
          },
          createdAt: {
            type: 'string',
            format: 'datetime',
          },
          updatedAt: {
            type: 'string',
            format: 'datetime',
          },
        },
      },
      restriction: {
        type: 'object',
        description:
          "A depicted person's conditions on the use of their likeness (their grant's restrictions).",
        required: ['subject', 'text'],
        properties: {
          subject: {
            type: 'string',
            format: 'did',
          },
          text: {
            type: 'string',
          },
        },
      },
      jobResult: {
        type: 'object',
        description:
          "A finished draft: the bytes to upload to the creator's PDS, and the provenance to publish with them.",
        required: ['videoUrl', 'mimeType', 'size', 'generation'],
        properties: {
          videoUrl: {
            type: 'string',
            format: 'uri',
          },
          thumbnailUrl: {
            type: 'string',
            format: 'uri',
          },
          mimeType: {
            type: 'string',
          },
          size: {
            type: 'integer',
          },
          durationMs: {
            type: 'integer',
          },
          aspectRatio: {
            type: 'ref',
            ref: 'lex:app.framewright.video.post#aspectRatio',
          },
          generation: {
            type: 'ref',
            ref: 'lex:app.framewright.video.post#generation',
          },
        },
      },
      providerView: {
        type: 'object',
        required: ['id', 'displayName', 'models', 'available'],
        properties: {
          id: {
            type: 'string',
          },
          displayName: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          models: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          available: {
            type: 'boolean',
            description:
              'False when the provider is not configured on this appview (e.g. no API key).',
          },
          dailyQuota: {
            type: 'integer',
            minimum: 0,
            description:
              'How many jobs one creator may queue with this provider per UTC day.',
          },
          restricted: {
            type: 'boolean',
            description:
              'True when only accounts the operator lists may use this provider (it costs them money).',
          },
        },
      },
    },
  },
  AppFramewrightGenerateGetJob: {
    lexicon: 1,
    id: 'app.framewright.generate.getJob',
    defs: {
      main: {
        type: 'query',
        description:
          'A generation job of the authenticated creator, with its progress.',
        parameters: {
          type: 'params',
          required: ['id'],
          properties: {
            id: {
              type: 'string',
            },
          },
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'ref',
            ref: 'lex:app.framewright.generate.defs#jobView',
          },
        },
        errors: [
          {
            name: 'JobNotFound',
          },
        ],
      },
    },
  },
  AppFramewrightGenerateListProviders: {
    lexicon: 1,
    id: 'app.framewright.generate.listProviders',
    defs: {
      main: {
        type: 'query',
        description: 'The video generation providers this appview offers.',
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['providers'],
            properties: {
              providers: {
                type: 'array',
                items: {
                  type: 'ref',
                  ref: 'lex:app.framewright.generate.defs#providerView',
                },
              },
            },
          },
        },
      },
    },
  },
  AppFramewrightIngestGetStatus: {
    lexicon: 1,
    id: 'app.framewright.ingest.getStatus',
    defs: {
      main: {
        type: 'query',
        description:
          "How far this service's firehose ingestion is: its cursor, how far behind the source it is, how fast it goes, what is queued, and the events it set aside (dead letters). Public: it says nothing about anyone.",
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: [
              'source',
              'connected',
              'eventsPerSecond',
              'queueDepth',
              'queueBytes',
              'paused',
              'handled',
              'verified',
              'staleCommits',
              'replaysDropped',
              'reconnects',
              'outdatedCursor',
              'backfill',
              'deadLetters',
              'recentDeadLetters',
              'participants',
            ],
            properties: {
              source: {
                type: 'string',
                description:
                  'The firehose this service follows (a PDS or relay).',
              },
              role: {
                type: 'string',
                knownValues: ['all', 'api', 'ingest', 'jobs'],
                description:
                  'What this process of the service does (FRAMEWRIGHT_ROLE).',
              },
              writer: {
                type: 'string',
                knownValues: ['idle', 'standby', 'writing', 'stopped'],
                description:
                  "Whether this process is the service's one writer: writing (it holds the writer lock and ingests), standby (an ingest process waiting to take over), idle (its role writes nothing), stopped (stopped, or its lock was lost).",
              },
              connected: {
                type: 'boolean',
              },
              cursor: {
                type: 'integer',
                description:
                  'Seq of the last event applied and saved: everything at or below it is done.',
              },
              headSeq: {
                type: 'integer',
                description: 'Highest seq the source has sent.',
              },
              lagEvents: {
                type: 'integer',
                description: 'headSeq minus cursor.',
              },
              lagSeconds: {
                type: 'integer',
                description:
                  "Now minus the time (by the source's clock) of the event at the cursor.",
              },
              eventsPerSecond: {
                type: 'integer',
                description:
                  'Events applied per second over the last ten seconds.',
              },
              queueDepth: {
                type: 'integer',
                description: 'Events received and not yet taken for a batch.',
              },
              queueBytes: {
                type: 'integer',
              },
              paused: {
                type: 'boolean',
                description:
                  "Whether reading from the socket is paused: the queue is full, or a backfill is still finding its repos (the stream's position is taken; what follows waits at the source).",
              },
              handled: {
                type: 'integer',
                description: 'Events handed to the service since it started.',
              },
              verified: {
                type: 'integer',
                description:
                  'Commits verified (MST proofs and signature) since it started.',
              },
              staleCommits: {
                type: 'integer',
                description:
                  'Commits not applied because a newer rev of their repo is already held.',
              },
              replaysDropped: {
                type: 'integer',
                description:
                  'Events the source sent again at or below what was already received.',
              },
              reconnects: {
                type: 'integer',
              },
              outdatedCursor: {
                type: 'boolean',
                description:
                  'The source said our cursor was older than the history it keeps.',
              },
              didDocuments: {
                type: 'ref',
                ref: 'lex:app.framewright.ingest.getStatus#didDocuments',
              },
              backfill: {
                type: 'ref',
                ref: 'lex:app.framewright.ingest.getStatus#backfill',
              },
              resyncsPending: {
                type: 'integer',
                description:
                  'Repos waiting to be imported again (a #sync event, a commit too big to carry its ops).',
              },
              resyncsDone: {
                type: 'integer',
                description: 'Repos imported again since the service started.',
              },
              deadLetters: {
                type: 'integer',
                description:
                  'Events given up: set aside with their reason, never silently skipped.',
              },
              recentDeadLetters: {
                type: 'array',
                items: {
                  type: 'ref',
                  ref: 'lex:app.framewright.ingest.getStatus#deadLetter',
                },
              },
              participants: {
                type: 'integer',
                description: 'People whose follows this service keeps.',
              },
            },
          },
        },
      },
      didDocuments: {
        type: 'object',
        description:
          'The DID documents of the repos whose commits this service verified since it started: fetched from the DID directory, or read back from those an earlier run kept (a restart does not look every repo up again).',
        required: ['fetched', 'kept'],
        properties: {
          fetched: {
            type: 'integer',
            description: 'Documents fetched from the directory.',
          },
          kept: {
            type: 'integer',
            description: "Documents read back from the service's database.",
          },
        },
      },
      backfill: {
        type: 'object',
        description:
          "The import of every repo holding this service's collections, done before following the stream when the service starts with an empty database or is told to (FRAMEWRIGHT_BACKFILL).",
        required: ['state', 'reposTotal', 'reposDone', 'records', 'failed'],
        properties: {
          state: {
            type: 'string',
            knownValues: ['none', 'discovering', 'importing', 'done'],
            description:
              'none: no backfill since start; discovering: listing the repos; importing; done.',
          },
          reposTotal: {
            type: 'integer',
            description: 'Repos to import.',
          },
          reposDone: {
            type: 'integer',
            description:
              'Repos imported, skipped (inactive, already current) or given up.',
          },
          records: {
            type: 'integer',
            description: 'Records handed to the service.',
          },
          failed: {
            type: 'integer',
            description:
              'Repos given up, each filed as a dead letter with its reason.',
          },
          startedAt: {
            type: 'string',
            format: 'datetime',
          },
          finishedAt: {
            type: 'string',
            format: 'datetime',
          },
        },
      },
      deadLetter: {
        type: 'object',
        required: ['id', 'reason', 'detail', 'createdAt'],
        properties: {
          id: {
            type: 'integer',
          },
          seq: {
            type: 'integer',
          },
          did: {
            type: 'string',
          },
          subject: {
            type: 'string',
            description: "The record's at-uri, or the repo's DID.",
          },
          reason: {
            type: 'string',
            description:
              'Why it can never succeed: BadSignature, BadMstProof, MalformedFrame, InvalidGraphRecord, …',
          },
          detail: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
            format: 'datetime',
          },
        },
      },
    },
  },
  AppFramewrightLabelerDefs: {
    lexicon: 1,
    id: 'app.framewright.labeler.defs',
    defs: {
      subject: {
        type: 'object',
        description:
          "What a report or a moderator's label is about: a record (its at-uri, and optionally the version's cid) or an account (its DID).",
        required: ['uri'],
        properties: {
          uri: {
            type: 'string',
            maxLength: 2000,
            description:
              "An at-uri of a record (with a DID authority), or an account's DID.",
          },
          cid: {
            type: 'string',
            format: 'cid',
            description:
              'The version of the record, when the label or report is about that version only.',
          },
        },
      },
      reportView: {
        type: 'object',
        required: [
          'id',
          'subject',
          'subjectType',
          'reasonType',
          'reportedBy',
          'createdAt',
          'status',
          'labels',
        ],
        properties: {
          id: {
            type: 'integer',
          },
          subject: {
            type: 'ref',
            ref: 'lex:app.framewright.labeler.defs#subject',
          },
          subjectType: {
            type: 'string',
            knownValues: ['record', 'account'],
          },
          reasonType: {
            type: 'ref',
            ref: 'lex:com.atproto.moderation.defs#reasonType',
          },
          reason: {
            type: 'string',
          },
          reportedBy: {
            type: 'string',
            format: 'did',
          },
          createdAt: {
            type: 'string',
            format: 'datetime',
          },
          status: {
            type: 'string',
            knownValues: ['open', 'resolved'],
          },
          labels: {
            type: 'array',
            description:
              "This labeler's labels in force on the subject right now.",
            items: {
              type: 'ref',
              ref: 'lex:com.atproto.label.defs#label',
            },
          },
        },
      },
    },
  },
  AppFramewrightLabelerEmitLabel: {
    lexicon: 1,
    id: 'app.framewright.labeler.emitLabel',
    defs: {
      main: {
        type: 'procedure',
        description:
          "A moderator applies or negates one of the moderator-owned label values on a subject, with a reason that explainLabel publishes. A video's companion Bluesky post is labeled with it (and the other way round). Detector-owned values are refused. Moderators only.",
        input: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['subject', 'val', 'reason'],
            properties: {
              subject: {
                type: 'ref',
                ref: 'lex:app.framewright.labeler.defs#subject',
              },
              val: {
                type: 'string',
                maxLength: 128,
                description:
                  "A moderator-owned value: one of this labeler's definitions, or a global value such as '!takedown' or '!hide'.",
              },
              neg: {
                type: 'boolean',
                default: false,
                description: 'Negate the label instead of applying it.',
              },
              reason: {
                type: 'string',
                maxLength: 10000,
                maxGraphemes: 2000,
                description:
                  'Why, in words a viewer can read (explainLabel shows it).',
              },
              resolveReports: {
                type: 'array',
                maxLength: 100,
                items: {
                  type: 'integer',
                },
                description: 'Report ids this decision resolves.',
              },
            },
          },
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['labels', 'resolvedReports'],
            properties: {
              labels: {
                type: 'array',
                description:
                  'The labels and negations written (none when the subject already was in that state).',
                items: {
                  type: 'ref',
                  ref: 'lex:com.atproto.label.defs#label',
                },
              },
              resolvedReports: {
                type: 'array',
                items: {
                  type: 'integer',
                },
              },
            },
          },
        },
        errors: [
          {
            name: 'NotModerator',
            description:
              "The caller is authenticated but is not one of this labeler's moderators.",
          },
          {
            name: 'NotModeratorLabel',
            description:
              'The value is owned by a detector; only that detector applies and negates it.',
          },
          {
            name: 'UnknownLabelValue',
            description: 'The value is not one this labeler defines.',
          },
          {
            name: 'InvalidSubject',
            description:
              'The subject is neither a record at-uri with a DID authority nor a DID.',
          },
          {
            name: 'ReasonRequired',
            description: 'The reason is empty.',
          },
          {
            name: 'ReportNotFound',
            description: 'A report id to resolve does not exist.',
          },
        ],
      },
    },
  },
  AppFramewrightLabelerExplainLabel: {
    lexicon: 1,
    id: 'app.framewright.labeler.explainLabel',
    defs: {
      main: {
        type: 'query',
        description:
          'Why this labeler applied (or negated) its labels on a subject: the detector, its reason, and the evidence it used.',
        parameters: {
          type: 'params',
          required: ['uri'],
          properties: {
            uri: {
              type: 'string',
              description: 'The labeled subject: an at-uri or a DID.',
            },
            val: {
              type: 'string',
              maxLength: 128,
            },
          },
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['explanations'],
            properties: {
              explanations: {
                type: 'array',
                items: {
                  type: 'ref',
                  ref: 'lex:app.framewright.labeler.explainLabel#explanation',
                },
              },
            },
          },
        },
      },
      explanation: {
        type: 'object',
        required: ['label', 'detector', 'reason'],
        properties: {
          label: {
            type: 'ref',
            ref: 'lex:com.atproto.label.defs#label',
          },
          detector: {
            type: 'string',
            description:
              "Which detector decided, e.g. 'provenance' or 'consent-graph'.",
          },
          reason: {
            type: 'string',
            description: 'The decision in words.',
          },
          evidence: {
            type: 'unknown',
            description:
              'What the detector looked at (records, grants, reviews).',
          },
        },
      },
    },
  },
  AppFramewrightLabelerGetScanStats: {
    lexicon: 1,
    id: 'app.framewright.labeler.getScanStats',
    defs: {
      main: {
        type: 'query',
        description:
          'How much of what this labeler sees it scans (face match, known-copy fingerprints, C2PA): videos seen, scanned, skipped because the queue was full, failed, and what is queued now. Public: it says nothing about anyone.',
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: [
              'seen',
              'scanned',
              'skippedQueueFull',
              'failed',
              'queued',
              'inFlight',
              'enrolled',
              'since',
            ],
            properties: {
              seen: {
                type: 'integer',
                description: 'Videos offered for scanning.',
              },
              scanned: {
                type: 'integer',
              },
              skippedQueueFull: {
                type: 'integer',
                description: 'Videos not scanned because the queue was full.',
              },
              failed: {
                type: 'integer',
                description:
                  'Scans that gave up (blob unavailable, too large, not a video).',
              },
              queued: {
                type: 'integer',
              },
              inFlight: {
                type: 'integer',
              },
              coverage: {
                type: 'integer',
                minimum: 0,
                maximum: 100,
                description: 'Scanned as a percentage of seen.',
              },
              framesPerSecond: {
                type: 'integer',
                description: 'Frames analysed per second over the last minute.',
              },
              enrolled: {
                type: 'integer',
                description: 'People enrolled (a count only).',
              },
              since: {
                type: 'string',
                format: 'datetime',
                description: 'Since when these counts run.',
              },
            },
          },
        },
      },
    },
  },
  AppFramewrightLabelerGetServices: {
    lexicon: 1,
    id: 'app.framewright.labeler.getServices',
    defs: {
      main: {
        type: 'query',
        description:
          "Labelers' published policies (label definitions), as the appview has indexed them from their app.bsky.labeler.service records.",
        parameters: {
          type: 'params',
          required: ['dids'],
          properties: {
            dids: {
              type: 'array',
              maxLength: 20,
              items: {
                type: 'string',
                format: 'did',
              },
            },
          },
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['views'],
            properties: {
              views: {
                type: 'array',
                items: {
                  type: 'ref',
                  ref: 'lex:app.framewright.labeler.getServices#labelerView',
                },
              },
            },
          },
        },
      },
      labelerView: {
        type: 'object',
        required: ['did', 'creator', 'policies', 'indexedAt'],
        properties: {
          did: {
            type: 'string',
            format: 'did',
          },
          creator: {
            type: 'ref',
            ref: 'lex:app.framewright.video.defs#actorView',
          },
          policies: {
            type: 'ref',
            ref: 'lex:app.bsky.labeler.defs#labelerPolicies',
          },
          endpoint: {
            type: 'string',
            format: 'uri',
            description:
              'Where the labeler serves XRPC (#atproto_labeler in its DID document), e.g. for app.framewright.labeler.explainLabel.',
          },
          indexedAt: {
            type: 'string',
            format: 'datetime',
          },
        },
      },
    },
  },
  AppFramewrightLabelerListMyReports: {
    lexicon: 1,
    id: 'app.framewright.labeler.listMyReports',
    defs: {
      main: {
        type: 'query',
        description:
          "The reports the caller sent to this labeler, newest first, with what became of each: open or decided, when, and the moderators' labels now in force on its subject (none: decided with no action). Only the reporter sees their reports: a service JWT from their PDS (aud = this labeler, lxm = this method).",
        parameters: {
          type: 'params',
          properties: {
            limit: {
              type: 'integer',
              minimum: 1,
              maximum: 100,
              default: 50,
            },
            cursor: {
              type: 'string',
            },
          },
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['reports'],
            properties: {
              cursor: {
                type: 'string',
                description: 'Absent on the last page.',
              },
              reports: {
                type: 'array',
                items: {
                  type: 'ref',
                  ref: 'lex:app.framewright.labeler.listMyReports#myReport',
                },
              },
            },
          },
        },
        errors: [
          {
            name: 'BadCursor',
            description: 'The cursor is not one this method issued.',
          },
        ],
      },
      myReport: {
        type: 'object',
        required: [
          'id',
          'subject',
          'reasonType',
          'createdAt',
          'status',
          'decision',
        ],
        properties: {
          id: {
            type: 'integer',
          },
          subject: {
            type: 'string',
            description: "The reported record's at-uri, or the account's DID.",
          },
          reasonType: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
            format: 'datetime',
          },
          status: {
            type: 'string',
            knownValues: ['open', 'resolved'],
          },
          resolvedAt: {
            type: 'string',
            format: 'datetime',
          },
          decision: {
            type: 'array',
            items: {
              type: 'string',
            },
            description:
              "Moderator label values in force on the subject (e.g. '!takedown', 'known-deepfake').",
          },
        },
      },
    },
  },
  AppFramewrightLabelerListReports: {
    lexicon: 1,
    id: 'app.framewright.labeler.listReports',
    defs: {
      main: {
        type: 'query',
        description:
          'Open reports sent to this labeler, newest first, each with the labels in force on its subject. Moderators only (a service JWT from a DID the labeler lists as a moderator).',
        parameters: {
          type: 'params',
          properties: {
            limit: {
              type: 'integer',
              minimum: 1,
              maximum: 100,
              default: 50,
            },
            cursor: {
              type: 'string',
            },
          },
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['reports'],
            properties: {
              cursor: {
                type: 'string',
                description: 'Absent on the last page.',
              },
              reports: {
                type: 'array',
                items: {
                  type: 'ref',
                  ref: 'lex:app.framewright.labeler.defs#reportView',
                },
              },
            },
          },
        },
        errors: [
          {
            name: 'NotModerator',
            description:
              "The caller is authenticated but is not one of this labeler's moderators.",
          },
          {
            name: 'BadCursor',
            description: 'The cursor is not one this method issued.',
          },
        ],
      },
    },
  },
  AppFramewrightLabelerResolveReports: {
    lexicon: 1,
    id: 'app.framewright.labeler.resolveReports',
    defs: {
      main: {
        type: 'procedure',
        description:
          'A moderator closes reports without changing any label ("no action"). To label and resolve in one step, use emitLabel\'s resolveReports. Moderators only.',
        input: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['ids'],
            properties: {
              ids: {
                type: 'array',
                minLength: 1,
                maxLength: 100,
                items: {
                  type: 'integer',
                },
                description: 'Report ids to resolve.',
              },
            },
          },
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['resolvedReports'],
            properties: {
              resolvedReports: {
                type: 'array',
                items: {
                  type: 'integer',
                },
              },
            },
          },
        },
        errors: [
          {
            name: 'NotModerator',
            description:
              "The caller is authenticated but is not one of this labeler's moderators.",
          },
          {
            name: 'ReportNotFound',
            description: 'A report id to resolve does not exist.',
          },
        ],
      },
    },
  },
  AppFramewrightLikenessCheckConsent: {
    lexicon: 1,
    id: 'app.framewright.likeness.checkConsent',
    defs: {
      main: {
        type: 'query',
        description:
          'Before anything is generated: may the authenticated creator depict each of these people? Applies the same consent rule as createJob and the labeler, and answers per person with the decision, a sentence saying why, and the terms of their grant (restrictions, expiry).',
        parameters: {
          type: 'params',
          required: ['subjects'],
          properties: {
            subjects: {
              type: 'array',
              minLength: 1,
              maxLength: 8,
              items: {
                type: 'string',
                format: 'at-identifier',
              },
              description:
                'DIDs or handles of the people the video would depict.',
            },
          },
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['checks'],
            properties: {
              checks: {
                type: 'array',
                items: {
                  type: 'ref',
                  ref: 'lex:app.framewright.likeness.checkConsent#consentCheck',
                },
                description: 'One per distinct subject, in the order asked.',
              },
            },
          },
        },
        errors: [
          {
            name: 'SubjectNotFound',
            description: 'A handle does not resolve to an account.',
          },
        ],
      },
      consentCheck: {
        type: 'object',
        required: ['subject', 'consented', 'reason', 'message'],
        properties: {
          subject: {
            type: 'ref',
            ref: 'lex:app.framewright.video.defs#actorView',
          },
          consented: {
            type: 'boolean',
            description: "True when the person's grant covers the creator now.",
          },
          reason: {
            type: 'string',
            knownValues: [
              'self',
              'grant-everyone',
              'grant-mutuals',
              'grant-approved',
              'no-grant',
              'grant-self-only',
              'grant-expired',
              'not-mutuals',
              'not-approved',
              'unknown-audience',
              'rejected-by-subject',
            ],
          },
          message: {
            type: 'string',
            description: 'The decision as a sentence a person understands.',
          },
          audience: {
            type: 'string',
            description: "The grant's audience, when there is a grant.",
          },
          restrictions: {
            type: 'string',
            description:
              "The grant's restrictions, shown to the creator and handed to providers.",
          },
          expiresAt: {
            type: 'string',
            format: 'datetime',
            description: 'When the grant stops (or stopped) covering anyone.',
          },
          grant: {
            type: 'ref',
            ref: 'lex:com.atproto.repo.strongRef',
          },
        },
      },
    },
  },
  AppFramewrightLikenessDefs: {
    lexicon: 1,
    id: 'app.framewright.likeness.defs',
    defs: {
      enrollment: {
        type: 'object',
        description: "An actor's own enrolment with a labeler.",
        required: ['enrolled', 'templates'],
        properties: {
          enrolled: {
            type: 'boolean',
          },
          templates: {
            type: 'integer',
            minimum: 0,
            description:
              'Face templates kept (numeric descriptors, never the media).',
          },
          since: {
            type: 'string',
            format: 'datetime',
            description: 'When the oldest kept template was made.',
          },
          updatedAt: {
            type: 'string',
            format: 'datetime',
            description: 'When the newest was made.',
          },
        },
      },
      foundDepiction: {
        type: 'object',
        description:
          "A video in which a labeler found an enrolled person's face.",
        required: [
          'subject',
          'method',
          'similarity',
          'frameMs',
          'declared',
          'foundAt',
        ],
        properties: {
          subject: {
            type: 'string',
            format: 'at-uri',
            description:
              'The video record, or the Bluesky post carrying the video.',
          },
          author: {
            type: 'string',
            format: 'did',
          },
          method: {
            type: 'string',
            knownValues: ['face-match'],
            description: 'How it was found.',
          },
          similarity: {
            type: 'integer',
            minimum: 0,
            maximum: 100,
            description: 'How close the best match is, in percent.',
          },
          frameMs: {
            type: 'integer',
            minimum: 0,
            description:
              'Where in the video (milliseconds) the best matching frame is.',
          },
          framesMatched: {
            type: 'integer',
            minimum: 0,
          },
          framesSampled: {
            type: 'integer',
            minimum: 0,
          },
          declared: {
            type: 'boolean',
            description:
              "Whether the video's record names the person in depicts.",
          },
          foundAt: {
            type: 'string',
            format: 'datetime',
          },
        },
      },
    },
  },
  AppFramewrightLikenessEnroll: {
    lexicon: 1,
    id: 'app.framewright.likeness.enroll',
    defs: {
      main: {
        type: 'procedure',
        description:
          "Registers the caller's face with this labeler, privately, so that it can find their likeness in videos that do not declare them. The body is a photo (JPEG or PNG) or a short MP4 showing the caller alone. The labeler keeps only face templates (numeric descriptors) made from it, never the media, and never serves or exports them. Enrolling again adds templates (up to a limit). Needs a service JWT from the caller's PDS with lxm set to this method.",
        input: {
          encoding: '*/*',
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'ref',
            ref: 'lex:app.framewright.likeness.defs#enrollment',
          },
        },
        errors: [
          {
            name: 'NoFaceFound',
            description:
              'No face clear enough to recognise was found in the photo or clip.',
          },
          {
            name: 'MultipleFaces',
            description:
              'More than one face was found: the photo or clip must show the caller alone.',
          },
          {
            name: 'UnsupportedMediaType',
            description: 'The body is not a JPEG, PNG or MP4.',
          },
          {
            name: 'MediaTooLarge',
            description: "The body is over the labeler's size limit.",
          },
          {
            name: 'MediaBusy',
            description:
              "The labeler is decoding as much media as it can: try again after the Retry-After header's seconds (HTTP 503).",
          },
        ],
      },
    },
  },
  AppFramewrightLikenessGetDepicting: {
    lexicon: 1,
    id: 'app.framewright.likeness.getDepicting',
    defs: {
      main: {
        type: 'query',
        description:
          "Every video that names an actor in its 'depicts', newest first, hydrated into video views with the labels of the labelers the viewer accepts (atproto-accept-labelers). Each view carries, per depicted person, the consent rule's verdict and that person's latest review of the video.",
        parameters: {
          type: 'params',
          required: ['actor'],
          properties: {
            actor: {
              type: 'string',
              format: 'did',
              description: 'The depicted person.',
            },
            limit: {
              type: 'integer',
              minimum: 1,
              maximum: 100,
              default: 50,
            },
            cursor: {
              type: 'string',
            },
          },
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['videos'],
            properties: {
              cursor: {
                type: 'string',
                description: 'Absent on the last page.',
              },
              videos: {
                type: 'array',
                items: {
                  type: 'ref',
                  ref: 'lex:app.framewright.video.defs#videoView',
                },
              },
            },
          },
        },
        errors: [
          {
            name: 'BadCursor',
            description: 'The cursor is not one this method issued.',
          },
        ],
      },
    },
  },
  AppFramewrightLikenessGetDepictionViews: {
    lexicon: 1,
    id: 'app.framewright.likeness.getDepictionViews',
    defs: {
      main: {
        type: 'query',
        description:
          "Video views of the given subjects (our video records or their companion posts, or plain Bluesky video posts) as seen by the depicted actor: the consent rule's verdict for that actor and their latest review, as getDepicting gives them, for videos a labeler found them in without being declared. Labels as the viewer accepts them (atproto-accept-labelers). Subjects this appview does not know are left out.",
        parameters: {
          type: 'params',
          required: ['actor', 'uris'],
          properties: {
            actor: {
              type: 'string',
              format: 'did',
              description: 'The depicted person.',
            },
            uris: {
              type: 'array',
              items: {
                type: 'string',
                format: 'at-uri',
              },
              maxLength: 50,
            },
          },
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['videos'],
            properties: {
              videos: {
                type: 'array',
                items: {
                  type: 'ref',
                  ref: 'lex:app.framewright.video.defs#videoView',
                },
              },
            },
          },
        },
      },
    },
  },
  AppFramewrightLikenessGetEnrollment: {
    lexicon: 1,
    id: 'app.framewright.likeness.getEnrollment',
    defs: {
      main: {
        type: 'query',
        description:
          "The caller's own enrolment with this labeler: whether their face is registered, how many face templates are kept, and since when. Needs a service JWT from the caller's PDS with lxm set to this method; it never says anything about anyone else.",
        output: {
          encoding: 'application/json',
          schema: {
            type: 'ref',
            ref: 'lex:app.framewright.likeness.defs#enrollment',
          },
        },
      },
    },
  },
  AppFramewrightLikenessGrant: {
    lexicon: 1,
    id: 'app.framewright.likeness.grant',
    description:
      "Who may depict the author of this record in AI video. Lives in the depicted person's own repository.",
    defs: {
      main: {
        type: 'record',
        description:
          "A person's likeness grant. Revoking is deleting or narrowing this record; it applies retroactively.",
        key: 'literal:self',
        record: {
          type: 'object',
          required: ['audience', 'createdAt'],
          properties: {
            audience: {
              type: 'string',
              knownValues: ['self', 'approved', 'mutuals', 'everyone'],
              description:
                "self: nobody else; approved: only the DIDs in 'approved'; mutuals: people who follow me and whom I follow; everyone: anyone.",
            },
            approved: {
              type: 'array',
              maxLength: 1000,
              items: {
                type: 'string',
                format: 'did',
              },
            },
            restrictions: {
              type: 'string',
              maxLength: 3000,
              maxGraphemes: 300,
              description: "Free-text conditions, e.g. 'no political content'.",
            },
            reference: {
              type: 'blob',
              accept: ['video/mp4', 'image/jpeg', 'image/png', 'image/webp'],
              maxSize: 50000000,
              description:
                'A clip or image providers may use to render this person.',
            },
            expiresAt: {
              type: 'string',
              format: 'datetime',
            },
            createdAt: {
              type: 'string',
              format: 'datetime',
            },
          },
        },
      },
    },
  },
  AppFramewrightLikenessListFound: {
    lexicon: 1,
    id: 'app.framewright.likeness.listFound',
    defs: {
      main: {
        type: 'query',
        description:
          "Videos in which this labeler found the caller's enrolled face, newest first, with the evidence (never the template). Needs a service JWT from the caller's PDS with lxm set to this method. Hydrate the subjects with app.framewright.likeness.getDepictionViews at an appview.",
        parameters: {
          type: 'params',
          properties: {
            limit: {
              type: 'integer',
              minimum: 1,
              maximum: 100,
              default: 50,
            },
            cursor: {
              type: 'string',
            },
          },
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['found'],
            properties: {
              cursor: {
                type: 'string',
                description: 'Absent on the last page.',
              },
              found: {
                type: 'array',
                items: {
                  type: 'ref',
                  ref: 'lex:app.framewright.likeness.defs#foundDepiction',
                },
              },
            },
          },
        },
        errors: [
          {
            name: 'BadCursor',
            description: 'The cursor is not one this method issued.',
          },
        ],
      },
    },
  },
  AppFramewrightLikenessReview: {
    lexicon: 1,
    id: 'app.framewright.likeness.review',
    description: "A depicted person's verdict on one video that depicts them.",
    defs: {
      main: {
        type: 'record',
        key: 'tid',
        record: {
          type: 'object',
          required: ['subject', 'verdict', 'createdAt'],
          properties: {
            subject: {
              type: 'ref',
              ref: 'lex:com.atproto.repo.strongRef',
              description: 'The app.framewright.video.post reviewed.',
            },
            verdict: {
              type: 'string',
              knownValues: ['approve', 'reject'],
            },
            createdAt: {
              type: 'string',
              format: 'datetime',
            },
          },
        },
      },
    },
  },
  AppFramewrightLikenessUnenroll: {
    lexicon: 1,
    id: 'app.framewright.likeness.unenroll',
    defs: {
      main: {
        type: 'procedure',
        description:
          "Deletes every face template of the caller at once; every later scan goes without them. Labels already issued from face matches stay until their videos are re-evaluated. Needs a service JWT from the caller's PDS with lxm set to this method.",
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['removed'],
            properties: {
              removed: {
                type: 'integer',
                description: 'How many templates were deleted.',
              },
            },
          },
        },
      },
    },
  },
  AppFramewrightNotificationGetUnreadCount: {
    lexicon: 1,
    id: 'app.framewright.notification.getUnreadCount',
    defs: {
      main: {
        type: 'query',
        description:
          "How many of the viewer's notifications arrived after they last marked them seen (updateSeen). Needs a service JWT (aud = this appview, lxm = this method).",
        parameters: {
          type: 'params',
          properties: {},
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['count'],
            properties: {
              count: {
                type: 'integer',
                minimum: 0,
              },
              seenAt: {
                type: 'string',
                format: 'datetime',
                description:
                  'When the viewer last marked their notifications seen, so a client can count what it learns elsewhere (the outcome of a report, from the labeler) against the same mark.',
              },
            },
          },
        },
      },
    },
  },
  AppFramewrightNotificationListNotifications: {
    lexicon: 1,
    id: 'app.framewright.notification.listNotifications',
    defs: {
      main: {
        type: 'query',
        description:
          "The viewer's notifications from this appview's own index, newest first: someone depicted them in a video, remixed their video, replied to their video (a Bluesky reply to its companion post), followed them. Needs a service JWT (aud = this appview, lxm = this method).",
        parameters: {
          type: 'params',
          properties: {
            limit: {
              type: 'integer',
              minimum: 1,
              maximum: 100,
              default: 50,
            },
            cursor: {
              type: 'string',
            },
          },
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['notifications'],
            properties: {
              cursor: {
                type: 'string',
                description: 'Absent on the last page.',
              },
              notifications: {
                type: 'array',
                items: {
                  type: 'ref',
                  ref: 'lex:app.framewright.notification.listNotifications#notification',
                },
              },
              seenAt: {
                type: 'string',
                format: 'datetime',
              },
            },
          },
        },
        errors: [
          {
            name: 'BadCursor',
            description: 'The cursor is not one this method issued.',
          },
        ],
      },
      notification: {
        type: 'object',
        required: ['uri', 'author', 'reason', 'isRead', 'indexedAt'],
        properties: {
          uri: {
            type: 'string',
            format: 'at-uri',
            description:
              'The record that caused it: the video, the reply, the follow.',
          },
          author: {
            type: 'ref',
            ref: 'lex:app.framewright.video.defs#actorView',
          },
          reason: {
            type: 'string',
            knownValues: ['depicted', 'remixed', 'replied', 'followed'],
          },
          reasonSubject: {
            type: 'string',
            format: 'at-uri',
            description: "The viewer's video it is about (remixed, replied).",
          },
          text: {
            type: 'string',
            maxLength: 3000,
            description: "A reply's text, or the video's caption.",
          },
          isRead: {
            type: 'boolean',
          },
          indexedAt: {
            type: 'string',
            format: 'datetime',
          },
        },
      },
    },
  },
  AppFramewrightNotificationUpdateSeen: {
    lexicon: 1,
    id: 'app.framewright.notification.updateSeen',
    defs: {
      main: {
        type: 'procedure',
        description:
          "Marks the viewer's notifications up to seenAt as read. Needs a service JWT (aud = this appview, lxm = this method).",
        input: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['seenAt'],
            properties: {
              seenAt: {
                type: 'string',
                format: 'datetime',
              },
            },
          },
        },
      },
    },
  },
  AppFramewrightVideoDefs: {
    lexicon: 1,
    id: 'app.framewright.video.defs',
    defs: {
      videoView: {
        type: 'object',
        description:
          'A video post hydrated by an appview: playable URLs, creator, consent state of each depiction, and the labels of the labelers the viewer accepts.',
        required: [
          'uri',
          'cid',
          'creator',
          'playback',
          'generation',
          'depicts',
          'createdAt',
          'indexedAt',
          'labels',
        ],
        properties: {
          uri: {
            type: 'string',
            format: 'at-uri',
          },
          cid: {
            type: 'string',
            format: 'cid',
          },
          creator: {
            type: 'ref',
            ref: 'lex:app.framewright.video.defs#actorView',
          },
          playback: {
            type: 'ref',
            ref: 'lex:app.framewright.video.defs#playback',
          },
          text: {
            type: 'string',
          },
          alt: {
            type: 'string',
          },
          langs: {
            type: 'array',
            items: {
              type: 'string',
              format: 'language',
            },
          },
          tags: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          aspectRatio: {
            type: 'ref',
            ref: 'lex:app.framewright.video.post#aspectRatio',
          },
          durationMs: {
            type: 'integer',
          },
          hasAudio: {
            type: 'boolean',
            description:
              'The video file has an audio track, as the appview found by probing the blob itself. Absent while it has not been probed yet.',
          },
          generation: {
            type: 'ref',
            ref: 'lex:app.framewright.video.post#generation',
          },
          depicts: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:app.framewright.video.defs#depictionView',
            },
          },
          remixOf: {
            type: 'ref',
            ref: 'lex:com.atproto.repo.strongRef',
          },
          remixOfCreator: {
            type: 'ref',
            ref: 'lex:app.framewright.video.defs#actorView',
            description: 'Who made the video this one remixes.',
          },
          remixCount: {
            type: 'integer',
            minimum: 0,
          },
          crosspost: {
            type: 'ref',
            ref: 'lex:com.atproto.repo.strongRef',
          },
          createdAt: {
            type: 'string',
            format: 'datetime',
          },
          indexedAt: {
            type: 'string',
            format: 'datetime',
          },
          labels: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:com.atproto.label.defs#label',
            },
          },
        },
      },
      actorView: {
        type: 'object',
        required: ['did', 'handle'],
        properties: {
          did: {
            type: 'string',
            format: 'did',
          },
          handle: {
            type: 'string',
            format: 'handle',
            description: "'handle.invalid' when the handle does not verify.",
          },
          displayName: {
            type: 'string',
            maxGraphemes: 64,
            maxLength: 640,
          },
        },
      },
      playback: {
        type: 'object',
        required: ['url', 'mimeType'],
        properties: {
          url: {
            type: 'string',
            format: 'uri',
            description: 'Video bytes, served with HTTP Range support.',
          },
          thumbnail: {
            type: 'string',
            format: 'uri',
          },
          mimeType: {
            type: 'string',
          },
        },
      },
      depictionView: {
        type: 'object',
        required: ['subject', 'consent'],
        properties: {
          subject: {
            type: 'ref',
            ref: 'lex:app.framewright.video.defs#actorView',
          },
          consent: {
            type: 'ref',
            ref: 'lex:app.framewright.video.defs#consentView',
          },
          review: {
            type: 'ref',
            ref: 'lex:app.framewright.video.defs#reviewView',
            description:
              "The depicted person's latest review of this video, if they wrote one.",
          },
          undeclared: {
            type: 'boolean',
            description:
              "True when the video's record does not name this person: a labeler found them in it (getDepictionViews). Absent for people the record declares.",
          },
        },
      },
      reviewView: {
        type: 'object',
        description: 'An app.framewright.likeness.review record, as indexed.',
        required: ['uri', 'verdict', 'createdAt'],
        properties: {
          uri: {
            type: 'string',
            format: 'at-uri',
          },
          verdict: {
            type: 'string',
            knownValues: ['approve', 'reject'],
          },
          createdAt: {
            type: 'string',
            format: 'datetime',
          },
        },
      },
      consentView: {
        type: 'object',
        description:
          "The result of Framewright's consent rule for one depicted person.",
        required: ['consented', 'reason'],
        properties: {
          consented: {
            type: 'boolean',
          },
          reason: {
            type: 'string',
            knownValues: [
              'self',
              'grant-everyone',
              'grant-mutuals',
              'grant-approved',
              'no-grant',
              'grant-self-only',
              'grant-expired',
              'not-mutuals',
              'not-approved',
              'unknown-audience',
              'rejected-by-subject',
            ],
          },
          rejected: {
            type: 'boolean',
            description:
              'The person rejected this very video. Carried apart from reason, because a video can be both uncovered by the grant and rejected, and a rejection is a dispute whatever the grant says.',
          },
        },
      },
    },
  },
  AppFramewrightVideoGetAuthorVideos: {
    lexicon: 1,
    id: 'app.framewright.video.getAuthorVideos',
    defs: {
      main: {
        type: 'query',
        description:
          "A person's videos, newest first, hydrated like the feed (labels of the labelers the viewer accepts; videos a redacting labeler took down are left out). With filter 'depicted', the videos others made that depict them, only where the consent rule says they allowed it (their grant covers the creator and they did not reject the video).",
        parameters: {
          type: 'params',
          required: ['actor'],
          properties: {
            actor: {
              type: 'string',
              format: 'did',
            },
            filter: {
              type: 'string',
              knownValues: ['made', 'depicted'],
              default: 'made',
            },
            limit: {
              type: 'integer',
              minimum: 1,
              maximum: 100,
              default: 30,
            },
            cursor: {
              type: 'string',
            },
          },
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['videos'],
            properties: {
              cursor: {
                type: 'string',
                description: 'Absent on the last page.',
              },
              videos: {
                type: 'array',
                items: {
                  type: 'ref',
                  ref: 'lex:app.framewright.video.defs#videoView',
                },
              },
            },
          },
        },
        errors: [
          {
            name: 'BadCursor',
            description: 'The cursor is not one this method issued.',
          },
          {
            name: 'UnknownFilter',
            description: "The filter is neither 'made' nor 'depicted'.",
          },
        ],
      },
    },
  },
  AppFramewrightVideoGetThread: {
    lexicon: 1,
    id: 'app.framewright.video.getThread',
    defs: {
      main: {
        type: 'query',
        description:
          "The comments on a video: Bluesky replies (app.bsky.feed.post) whose thread root is the video's companion post, from any client. A page holds top-level comments (answers to the companion post), oldest first, each with every reply under it (replies to replies flattened into the same list, oldest first). With a service JWT (aud = this appview, lxm = this method), the viewer's own like of the companion post. There is no public like count.",
        parameters: {
          type: 'params',
          required: ['video'],
          properties: {
            video: {
              type: 'string',
              format: 'at-uri',
              description:
                'The app.framewright.video.post record (or its companion post).',
            },
            limit: {
              type: 'integer',
              minimum: 1,
              maximum: 100,
              default: 50,
            },
            cursor: {
              type: 'string',
            },
          },
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['comments'],
            properties: {
              companion: {
                type: 'ref',
                ref: 'lex:com.atproto.repo.strongRef',
                description:
                  'The companion post replies and likes point at; absent when the video has none.',
              },
              comments: {
                type: 'array',
                items: {
                  type: 'ref',
                  ref: 'lex:app.framewright.video.getThread#commentView',
                },
              },
              cursor: {
                type: 'string',
                description: 'Absent on the last page.',
              },
              viewer: {
                type: 'ref',
                ref: 'lex:app.framewright.video.getThread#viewerState',
              },
            },
          },
        },
        errors: [
          {
            name: 'VideoNotFound',
            description: 'This appview holds no such video.',
          },
          {
            name: 'BadCursor',
            description: 'The cursor is not one this method issued.',
          },
        ],
      },
      commentView: {
        type: 'object',
        required: ['uri', 'cid', 'author', 'text', 'createdAt'],
        properties: {
          uri: {
            type: 'string',
            format: 'at-uri',
          },
          cid: {
            type: 'string',
            format: 'cid',
          },
          author: {
            type: 'ref',
            ref: 'lex:app.framewright.video.defs#actorView',
          },
          text: {
            type: 'string',
            maxLength: 3000,
          },
          parent: {
            type: 'string',
            format: 'at-uri',
            description:
              'What it answers: the companion post, or another comment.',
          },
          createdAt: {
            type: 'string',
            format: 'datetime',
          },
          replies: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:app.framewright.video.getThread#commentView',
            },
            description:
              'On a top-level comment: the replies under it at any depth, oldest first; never nested further.',
          },
        },
      },
      viewerState: {
        type: 'object',
        properties: {
          like: {
            type: 'string',
            format: 'at-uri',
            description:
              "The viewer's app.bsky.feed.like of the companion post.",
          },
        },
      },
    },
  },
  AppFramewrightVideoGetVideos: {
    lexicon: 1,
    id: 'app.framewright.video.getVideos',
    defs: {
      main: {
        type: 'query',
        description:
          'Hydrated views of video posts, in the order asked. Unknown URIs are left out.',
        parameters: {
          type: 'params',
          required: ['uris'],
          properties: {
            uris: {
              type: 'array',
              maxLength: 25,
              items: {
                type: 'string',
                format: 'at-uri',
              },
            },
          },
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['videos'],
            properties: {
              videos: {
                type: 'array',
                items: {
                  type: 'ref',
                  ref: 'lex:app.framewright.video.defs#videoView',
                },
              },
            },
          },
        },
      },
    },
  },
  AppFramewrightVideoPost: {
    lexicon: 1,
    id: 'app.framewright.video.post',
    description:
      'An AI-generated or AI-edited video, published with its provenance.',
    defs: {
      main: {
        type: 'record',
        description:
          "The canonical Framewright video post. Every published video also has a companion app.bsky.feed.post (see 'crosspost') so that any Bluesky client can play it.",
        key: 'tid',
        record: {
          type: 'object',
          required: ['video', 'generation', 'createdAt'],
          properties: {
            video: {
              type: 'blob',
              accept: ['video/mp4'],
              maxSize: 100000000,
            },
            text: {
              type: 'string',
              maxLength: 3000,
              maxGraphemes: 300,
              description: 'Caption.',
            },
            langs: {
              type: 'array',
              maxLength: 3,
              items: {
                type: 'string',
                format: 'language',
              },
            },
            tags: {
              type: 'array',
              maxLength: 8,
              items: {
                type: 'string',
                maxLength: 640,
                maxGraphemes: 64,
              },
            },
            alt: {
              type: 'string',
              maxLength: 10000,
              maxGraphemes: 1000,
              description:
                'Description of the video for people who cannot see it.',
            },
            aspectRatio: {
              type: 'ref',
              ref: 'lex:app.framewright.video.post#aspectRatio',
            },
            durationMs: {
              type: 'integer',
              minimum: 1,
            },
            generation: {
              type: 'ref',
              ref: 'lex:app.framewright.video.post#generation',
            },
            depicts: {
              type: 'array',
              maxLength: 8,
              description: 'People whose likeness appears in the video.',
              items: {
                type: 'ref',
                ref: 'lex:app.framewright.video.post#depiction',
              },
            },
            remixOf: {
              type: 'ref',
              ref: 'lex:com.atproto.repo.strongRef',
              description: 'The video this one remixes.',
            },
            crosspost: {
              type: 'ref',
              ref: 'lex:com.atproto.repo.strongRef',
              description:
                'The companion app.bsky.feed.post that embeds the same video blob.',
            },
            createdAt: {
              type: 'string',
              format: 'datetime',
            },
          },
        },
      },
      generation: {
        type: 'object',
        description: 'How the video was made.',
        required: ['provider', 'model', 'prompt', 'generatedAt', 'sourceType'],
        properties: {
          provider: {
            type: 'string',
            maxLength: 64,
            description:
              "Generation provider id, e.g. 'procedural', 'veo', 'runway', 'comfyui'.",
          },
          model: {
            type: 'string',
            maxLength: 128,
          },
          prompt: {
            type: 'string',
            maxLength: 20000,
            maxGraphemes: 2000,
          },
          seed: {
            type: 'integer',
            minimum: 0,
            maximum: 4294967295,
          },
          params: {
            type: 'unknown',
            description:
              'Provider-specific parameters (no floats: use integers).',
          },
          generatedAt: {
            type: 'string',
            format: 'datetime',
          },
          sourceType: {
            type: 'string',
            knownValues: ['ai-generated', 'ai-edited', 'captured'],
          },
          c2pa: {
            type: 'ref',
            ref: 'lex:app.framewright.video.post#c2pa',
          },
        },
      },
      c2pa: {
        type: 'object',
        description:
          'A C2PA manifest store for the video, when the provider supplied one.',
        required: ['manifest'],
        properties: {
          manifest: {
            type: 'blob',
            accept: ['application/c2pa'],
            maxSize: 5000000,
          },
          claimGenerator: {
            type: 'string',
            maxLength: 256,
          },
        },
      },
      depiction: {
        type: 'object',
        required: ['subject'],
        properties: {
          subject: {
            type: 'string',
            format: 'did',
            description: 'The depicted person.',
          },
          grant: {
            type: 'ref',
            ref: 'lex:com.atproto.repo.strongRef',
            description:
              "The depicted person's likeness grant the creator relied on.",
          },
        },
      },
      aspectRatio: {
        type: 'object',
        required: ['width', 'height'],
        properties: {
          width: {
            type: 'integer',
            minimum: 1,
          },
          height: {
            type: 'integer',
            minimum: 1,
          },
        },
      },
    },
  },
  AppFramewrightVideoSearchVideos: {
    lexicon: 1,
    id: 'app.framewright.video.searchVideos',
    defs: {
      main: {
        type: 'query',
        description:
          'Videos whose caption, tags or prompt match the words typed (each word, or the start of it), best match first, hydrated with the labels of the labelers the viewer accepts. Videos a redacting labeler took down are left out.',
        parameters: {
          type: 'params',
          required: ['q'],
          properties: {
            q: {
              type: 'string',
              minLength: 1,
              maxLength: 256,
              description: 'Words to find; punctuation is ignored.',
            },
            limit: {
              type: 'integer',
              minimum: 1,
              maximum: 50,
              default: 25,
            },
            cursor: {
              type: 'string',
            },
          },
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['videos'],
            properties: {
              cursor: {
                type: 'string',
              },
              videos: {
                type: 'array',
                items: {
                  type: 'ref',
                  ref: 'lex:app.framewright.video.defs#videoView',
                },
              },
            },
          },
        },
        errors: [
          {
            name: 'BadQuery',
            description: 'The text has no word to search for.',
          },
          {
            name: 'BadCursor',
            description: 'The cursor is not one this method gave out.',
          },
        ],
      },
    },
  },
  ComAtprotoAdminDefs: {
    lexicon: 1,
    id: 'com.atproto.admin.defs',
    defs: {
      statusAttr: {
        type: 'object',
        required: ['applied'],
        properties: {
          applied: {
            type: 'boolean',
          },
          ref: {
            type: 'string',
          },
        },
      },
      accountView: {
        type: 'object',
        required: ['did', 'handle', 'indexedAt'],
        properties: {
          did: {
            type: 'string',
            format: 'did',
          },
          handle: {
            type: 'string',
            format: 'handle',
          },
          email: {
            type: 'string',
          },
          relatedRecords: {
            type: 'array',
            items: {
              type: 'unknown',
            },
          },
          indexedAt: {
            type: 'string',
            format: 'datetime',
          },
          invitedBy: {
            type: 'ref',
            ref: 'lex:com.atproto.server.defs#inviteCode',
          },
          invites: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:com.atproto.server.defs#inviteCode',
            },
          },
          invitesDisabled: {
            type: 'boolean',
          },
          emailConfirmedAt: {
            type: 'string',
            format: 'datetime',
          },
          inviteNote: {
            type: 'string',
          },
          deactivatedAt: {
            type: 'string',
            format: 'datetime',
          },
          threatSignatures: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:com.atproto.admin.defs#threatSignature',
            },
          },
        },
      },
      repoRef: {
        type: 'object',
        required: ['did'],
        properties: {
          did: {
            type: 'string',
            format: 'did',
          },
        },
      },
      repoBlobRef: {
        type: 'object',
        required: ['did', 'cid'],
        properties: {
          did: {
            type: 'string',
            format: 'did',
          },
          cid: {
            type: 'string',
            format: 'cid',
          },
          recordUri: {
            type: 'string',
            format: 'at-uri',
          },
        },
      },
      threatSignature: {
        type: 'object',
        required: ['property', 'value'],
        properties: {
          property: {
            type: 'string',
          },
          value: {
            type: 'string',
          },
        },
      },
    },
  },
  ComAtprotoLabelDefs: {
    lexicon: 1,
    id: 'com.atproto.label.defs',
    defs: {
      label: {
        type: 'object',
        description:
          'Metadata tag on an atproto resource (eg, repo or record).',
        required: ['src', 'uri', 'val', 'cts'],
        properties: {
          ver: {
            type: 'integer',
            description: 'The AT Protocol version of the label object.',
          },
          src: {
            type: 'string',
            format: 'did',
            description: 'DID of the actor who created this label.',
          },
          uri: {
            type: 'string',
            format: 'uri',
            description:
              'AT URI of the record, repository (account), or other resource that this label applies to.',
          },
          cid: {
            type: 'string',
            format: 'cid',
            description:
              "Optionally, CID specifying the specific version of 'uri' resource this label applies to.",
          },
          val: {
            type: 'string',
            maxLength: 128,
            description:
              'The short string name of the value or type of this label.',
          },
          neg: {
            type: 'boolean',
            description:
              'If true, this is a negation label, overwriting a previous label.',
          },
          cts: {
            type: 'string',
            format: 'datetime',
            description: 'Timestamp when this label was created.',
          },
          exp: {
            type: 'string',
            format: 'datetime',
            description:
              'Timestamp at which this label expires (no longer applies).',
          },
          sig: {
            type: 'bytes',
            description: 'Signature of dag-cbor encoded label.',
          },
        },
      },
      selfLabels: {
        type: 'object',
        description:
          'Metadata tags on an atproto record, published by the author within the record.',
        required: ['values'],
        properties: {
          values: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:com.atproto.label.defs#selfLabel',
            },
            maxLength: 10,
          },
        },
      },
      selfLabel: {
        type: 'object',
        description:
          'Metadata tag on an atproto record, published by the author within the record. Note that schemas should use #selfLabels, not #selfLabel.',
        required: ['val'],
        properties: {
          val: {
            type: 'string',
            maxLength: 128,
            description:
              'The short string name of the value or type of this label.',
          },
        },
      },
      labelValueDefinition: {
        type: 'object',
        description:
          'Declares a label value and its expected interpretations and behaviors.',
        required: ['identifier', 'severity', 'blurs', 'locales'],
        properties: {
          identifier: {
            type: 'string',
            description:
              "The value of the label being defined. Must only include lowercase ascii and the '-' character ([a-z-]+).",
            maxLength: 100,
            maxGraphemes: 100,
          },
          severity: {
            type: 'string',
            description:
              "How should a client visually convey this label? 'inform' means neutral and informational; 'alert' means negative and warning; 'none' means show nothing.",
            knownValues: ['inform', 'alert', 'none'],
          },
          blurs: {
            type: 'string',
            description:
              "What should this label hide in the UI, if applied? 'content' hides all of the target; 'media' hides the images/video/audio; 'none' hides nothing.",
            knownValues: ['content', 'media', 'none'],
          },
          defaultSetting: {
            type: 'string',
            description: 'The default setting for this label.',
            knownValues: ['ignore', 'warn', 'hide'],
            default: 'warn',
          },
          adultOnly: {
            type: 'boolean',
            description:
              'Does the user need to have adult content enabled in order to configure this label?',
          },
          locales: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:com.atproto.label.defs#labelValueDefinitionStrings',
            },
          },
        },
      },
      labelValueDefinitionStrings: {
        type: 'object',
        description:
          'Strings which describe the label in the UI, localized into a specific language.',
        required: ['lang', 'name', 'description'],
        properties: {
          lang: {
            type: 'string',
            description:
              'The code of the language these strings are written in.',
            format: 'language',
          },
          name: {
            type: 'string',
            description: 'A short human-readable name for the label.',
            maxGraphemes: 64,
            maxLength: 640,
          },
          description: {
            type: 'string',
            description:
              'A longer description of what the label means and why it might be applied.',
            maxGraphemes: 10000,
            maxLength: 100000,
          },
        },
      },
      labelValue: {
        type: 'string',
        knownValues: [
          '!hide',
          '!warn',
          '!no-unauthenticated',
          'porn',
          'sexual',
          'nudity',
          'graphic-media',
          'bot',
        ],
      },
    },
  },
  ComAtprotoLabelQueryLabels: {
    lexicon: 1,
    id: 'com.atproto.label.queryLabels',
    defs: {
      main: {
        type: 'query',
        description:
          'Find labels relevant to the provided AT-URI patterns. Public endpoint for moderation services, though may return different or additional results with auth.',
        parameters: {
          type: 'params',
          required: ['uriPatterns'],
          properties: {
            uriPatterns: {
              type: 'array',
              items: {
                type: 'string',
              },
              description:
                "List of AT URI patterns to match (boolean 'OR'). Each may be a prefix (ending with '*'; will match inclusive of the string leading to '*'), or a full URI.",
            },
            sources: {
              type: 'array',
              items: {
                type: 'string',
                format: 'did',
              },
              description:
                'Optional list of label sources (DIDs) to filter on.',
            },
            limit: {
              type: 'integer',
              minimum: 1,
              maximum: 250,
              default: 50,
            },
            cursor: {
              type: 'string',
            },
          },
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['labels'],
            properties: {
              cursor: {
                type: 'string',
              },
              labels: {
                type: 'array',
                items: {
                  type: 'ref',
                  ref: 'lex:com.atproto.label.defs#label',
                },
              },
            },
          },
        },
      },
    },
  },
  ComAtprotoLabelSubscribeLabels: {
    lexicon: 1,
    id: 'com.atproto.label.subscribeLabels',
    defs: {
      main: {
        type: 'subscription',
        description:
          'Subscribe to stream of labels (and negations). Public endpoint implemented by mod services. Uses same sequencing scheme as repo event stream.',
        parameters: {
          type: 'params',
          properties: {
            cursor: {
              type: 'integer',
              description: 'The last known event seq number to backfill from.',
            },
          },
        },
        message: {
          schema: {
            type: 'union',
            refs: [
              'lex:com.atproto.label.subscribeLabels#labels',
              'lex:com.atproto.label.subscribeLabels#info',
            ],
          },
        },
        errors: [
          {
            name: 'FutureCursor',
          },
        ],
      },
      labels: {
        type: 'object',
        required: ['seq', 'labels'],
        properties: {
          seq: {
            type: 'integer',
          },
          labels: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:com.atproto.label.defs#label',
            },
          },
        },
      },
      info: {
        type: 'object',
        required: ['name'],
        properties: {
          name: {
            type: 'string',
            knownValues: ['OutdatedCursor'],
          },
          message: {
            type: 'string',
          },
        },
      },
    },
  },
  ComAtprotoModerationCreateReport: {
    lexicon: 1,
    id: 'com.atproto.moderation.createReport',
    defs: {
      main: {
        type: 'procedure',
        description:
          'Submit a moderation report regarding an atproto account or record. Implemented by moderation services (with PDS proxying), and requires auth.',
        input: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: ['reasonType', 'subject'],
            properties: {
              reasonType: {
                type: 'ref',
                description:
                  'Indicates the broad category of violation the report is for.',
                ref: 'lex:com.atproto.moderation.defs#reasonType',
              },
              reason: {
                type: 'string',
                maxGraphemes: 2000,
                maxLength: 20000,
                description:
                  'Additional context about the content and violation.',
              },
              subject: {
                type: 'union',
                refs: [
                  'lex:com.atproto.admin.defs#repoRef',
                  'lex:com.atproto.repo.strongRef',
                ],
              },
              modTool: {
                type: 'ref',
                ref: 'lex:com.atproto.moderation.createReport#modTool',
              },
            },
          },
        },
        output: {
          encoding: 'application/json',
          schema: {
            type: 'object',
            required: [
              'id',
              'reasonType',
              'subject',
              'reportedBy',
              'createdAt',
            ],
            properties: {
              id: {
                type: 'integer',
              },
              reasonType: {
                type: 'ref',
                ref: 'lex:com.atproto.moderation.defs#reasonType',
              },
              reason: {
                type: 'string',
                maxGraphemes: 2000,
                maxLength: 20000,
              },
              subject: {
                type: 'union',
                refs: [
                  'lex:com.atproto.admin.defs#repoRef',
                  'lex:com.atproto.repo.strongRef',
                ],
              },
              reportedBy: {
                type: 'string',
                format: 'did',
              },
              createdAt: {
                type: 'string',
                format: 'datetime',
              },
            },
          },
        },
      },
      modTool: {
        type: 'object',
        description:
          'Moderation tool information for tracing the source of the action',
        required: ['name'],
        properties: {
          name: {
            type: 'string',
            description:
              "Name/identifier of the source (e.g., 'bsky-app/android', 'bsky-web/chrome')",
          },
          meta: {
            type: 'unknown',
            description: 'Additional arbitrary metadata about the source',
          },
        },
      },
    },
  },
  ComAtprotoModerationDefs: {
    lexicon: 1,
    id: 'com.atproto.moderation.defs',
    defs: {
      reasonType: {
        type: 'string',
        knownValues: [
          'com.atproto.moderation.defs#reasonSpam',
          'com.atproto.moderation.defs#reasonViolation',
          'com.atproto.moderation.defs#reasonMisleading',
          'com.atproto.moderation.defs#reasonSexual',
          'com.atproto.moderation.defs#reasonRude',
          'com.atproto.moderation.defs#reasonOther',
          'com.atproto.moderation.defs#reasonAppeal',
          'tools.ozone.report.defs#reasonAppeal',
          'tools.ozone.report.defs#reasonOther',
          'tools.ozone.report.defs#reasonViolenceAnimal',
          'tools.ozone.report.defs#reasonViolenceThreats',
          'tools.ozone.report.defs#reasonViolenceGraphicContent',
          'tools.ozone.report.defs#reasonViolenceGlorification',
          'tools.ozone.report.defs#reasonViolenceExtremistContent',
          'tools.ozone.report.defs#reasonViolenceTrafficking',
          'tools.ozone.report.defs#reasonViolenceOther',
          'tools.ozone.report.defs#reasonSexualAbuseContent',
          'tools.ozone.report.defs#reasonSexualNCII',
          'tools.ozone.report.defs#reasonSexualDeepfake',
          'tools.ozone.report.defs#reasonSexualAnimal',
          'tools.ozone.report.defs#reasonSexualUnlabeled',
          'tools.ozone.report.defs#reasonSexualOther',
          'tools.ozone.report.defs#reasonChildSafetyCSAM',
          'tools.ozone.report.defs#reasonChildSafetyGroom',
          'tools.ozone.report.defs#reasonChildSafetyPrivacy',
          'tools.ozone.report.defs#reasonChildSafetyHarassment',
          'tools.ozone.report.defs#reasonChildSafetyOther',
          'tools.ozone.report.defs#reasonHarassmentTroll',
          'tools.ozone.report.defs#reasonHarassmentTargeted',
          'tools.ozone.report.defs#reasonHarassmentHateSpeech',
          'tools.ozone.report.defs#reasonHarassmentDoxxing',
          'tools.ozone.report.defs#reasonHarassmentOther',
          'tools.ozone.report.defs#reasonMisleadingBot',
          'tools.ozone.report.defs#reasonMisleadingImpersonation',
          'tools.ozone.report.defs#reasonMisleadingSpam',
          'tools.ozone.report.defs#reasonMisleadingScam',
          'tools.ozone.report.defs#reasonMisleadingElections',
          'tools.ozone.report.defs#reasonMisleadingOther',
          'tools.ozone.report.defs#reasonRuleSiteSecurity',
          'tools.ozone.report.defs#reasonRuleProhibitedSales',
          'tools.ozone.report.defs#reasonRuleBanEvasion',
          'tools.ozone.report.defs#reasonRuleOther',
          'tools.ozone.report.defs#reasonSelfHarmContent',
          'tools.ozone.report.defs#reasonSelfHarmED',
          'tools.ozone.report.defs#reasonSelfHarmStunts',
          'tools.ozone.report.defs#reasonSelfHarmSubstances',
          'tools.ozone.report.defs#reasonSelfHarmOther',
        ],
      },
      reasonSpam: {
        type: 'token',
        description:
          'Spam: frequent unwanted promotion, replies, mentions. Prefer new lexicon definition `tools.ozone.report.defs#reasonMisleadingSpam`.',
      },
      reasonViolation: {
        type: 'token',
        description:
          'Direct violation of server rules, laws, terms of service. Prefer new lexicon definition `tools.ozone.report.defs#reasonRuleOther`.',
      },
      reasonMisleading: {
        type: 'token',
        description:
          'Misleading identity, affiliation, or content. Prefer new lexicon definition `tools.ozone.report.defs#reasonMisleadingOther`.',
      },
      reasonSexual: {
        type: 'token',
        description:
          'Unwanted or mislabeled sexual content. Prefer new lexicon definition `tools.ozone.report.defs#reasonSexualUnlabeled`.',
      },
      reasonRude: {
        type: 'token',
        description:
          'Rude, harassing, explicit, or otherwise unwelcoming behavior. Prefer new lexicon definition `tools.ozone.report.defs#reasonHarassmentOther`.',
      },
      reasonOther: {
        type: 'token',
        description:
          'Reports not falling under another report category. Prefer new lexicon definition `tools.ozone.report.defs#reasonOther`.',
      },
      reasonAppeal: {
        type: 'token',
        description: 'Appeal a previously taken moderation action',
      },
      subjectType: {
        type: 'string',
        description: 'Tag describing a type of subject that might be reported.',
        knownValues: ['account', 'record', 'chat'],
      },
    },
  },
  ComAtprotoRepoStrongRef: {
    lexicon: 1,
    id: 'com.atproto.repo.strongRef',
    description: 'A URI with a content-hash fingerprint.',
    defs: {
      main: {
        type: 'object',
        required: ['uri', 'cid'],
        properties: {
          uri: {
            type: 'string',
            format: 'at-uri',
          },
          cid: {
            type: 'string',
            format: 'cid',
          },
        },
      },
    },
  },
  ComAtprotoServerDefs: {
    lexicon: 1,
    id: 'com.atproto.server.defs',
    defs: {
      inviteCode: {
        type: 'object',
        required: [
          'code',
          'available',
          'disabled',
          'forAccount',
          'createdBy',
          'createdAt',
          'uses',
        ],
        properties: {
          code: {
            type: 'string',
          },
          available: {
            type: 'integer',
          },
          disabled: {
            type: 'boolean',
          },
          forAccount: {
            type: 'string',
          },
          createdBy: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
            format: 'datetime',
          },
          uses: {
            type: 'array',
            items: {
              type: 'ref',
              ref: 'lex:com.atproto.server.defs#inviteCodeUse',
            },
          },
        },
      },
      inviteCodeUse: {
        type: 'object',
        required: ['usedBy', 'usedAt'],
        properties: {
          usedBy: {
            type: 'string',
            format: 'did',
          },
          usedAt: {
            type: 'string',
            format: 'datetime',
          },
        },
      },
    },
  },
} as const satisfies Record<string, LexiconDoc>
export const schemas = Object.values(schemaDict) satisfies LexiconDoc[]
export const lexicons: Lexicons = new Lexicons(schemas)

export function validate<T extends { $type: string }>(
  v: unknown,
  id: string,
  hash: string,
  requiredType: true,
): ValidationResult<T>
export function validate<T extends { $type?: string }>(
  v: unknown,
  id: string,
  hash: string,
  requiredType?: false,
): ValidationResult<T>
export function validate(
  v: unknown,
  id: string,
  hash: string,
  requiredType?: boolean,
): ValidationResult {
  return (requiredType ? is$typed : maybe$typed)(v, id, hash)
    ? lexicons.validate(`${id}#${hash}`, v)
    : {
        success: false,
        error: new ValidationError(
          `Must be an object with "${hash === 'main' ? id : `${id}#${hash}`}" $type property`,
        ),
      }
}

export const ids = {
  AppBskyActorDefs: 'app.bsky.actor.defs',
  AppBskyEmbedDefs: 'app.bsky.embed.defs',
  AppBskyEmbedExternal: 'app.bsky.embed.external',
  AppBskyEmbedImages: 'app.bsky.embed.images',
  AppBskyEmbedRecord: 'app.bsky.embed.record',
  AppBskyEmbedRecordWithMedia: 'app.bsky.embed.recordWithMedia',
  AppBskyEmbedVideo: 'app.bsky.embed.video',
  AppBskyFeedDefs: 'app.bsky.feed.defs',
  AppBskyFeedDescribeFeedGenerator: 'app.bsky.feed.describeFeedGenerator',
  AppBskyFeedGetFeedSkeleton: 'app.bsky.feed.getFeedSkeleton',
  AppBskyFeedPostgate: 'app.bsky.feed.postgate',
  AppBskyFeedSendInteractions: 'app.bsky.feed.sendInteractions',
  AppBskyFeedThreadgate: 'app.bsky.feed.threadgate',
  AppBskyGraphDefs: 'app.bsky.graph.defs',
  AppBskyLabelerDefs: 'app.bsky.labeler.defs',
  AppBskyNotificationDefs: 'app.bsky.notification.defs',
  AppBskyRichtextFacet: 'app.bsky.richtext.facet',
  AppFramewrightActorGetProfile: 'app.framewright.actor.getProfile',
  AppFramewrightActorSearchActors: 'app.framewright.actor.searchActors',
  AppFramewrightActorSearchTypeahead: 'app.framewright.actor.searchTypeahead',
  AppFramewrightFeedDefs: 'app.framewright.feed.defs',
  AppFramewrightFeedGetFeed: 'app.framewright.feed.getFeed',
  AppFramewrightFeedGetSuggestedFeeds: 'app.framewright.feed.getSuggestedFeeds',
  AppFramewrightFeedPrefs: 'app.framewright.feed.prefs',
  AppFramewrightGenerateCreateJob: 'app.framewright.generate.createJob',
  AppFramewrightGenerateDefs: 'app.framewright.generate.defs',
  AppFramewrightGenerateGetJob: 'app.framewright.generate.getJob',
  AppFramewrightGenerateListProviders: 'app.framewright.generate.listProviders',
  AppFramewrightIngestGetStatus: 'app.framewright.ingest.getStatus',
  AppFramewrightLabelerDefs: 'app.framewright.labeler.defs',
  AppFramewrightLabelerEmitLabel: 'app.framewright.labeler.emitLabel',
  AppFramewrightLabelerExplainLabel: 'app.framewright.labeler.explainLabel',
  AppFramewrightLabelerGetScanStats: 'app.framewright.labeler.getScanStats',
  AppFramewrightLabelerGetServices: 'app.framewright.labeler.getServices',
  AppFramewrightLabelerListMyReports: 'app.framewright.labeler.listMyReports',
  AppFramewrightLabelerListReports: 'app.framewright.labeler.listReports',
  AppFramewrightLabelerResolveReports: 'app.framewright.labeler.resolveReports',
  AppFramewrightLikenessCheckConsent: 'app.framewright.likeness.checkConsent',
  AppFramewrightLikenessDefs: 'app.framewright.likeness.defs',
  AppFramewrightLikenessEnroll: 'app.framewright.likeness.enroll',
  AppFramewrightLikenessGetDepicting: 'app.framewright.likeness.getDepicting',
  AppFramewrightLikenessGetDepictionViews:
    'app.framewright.likeness.getDepictionViews',
  AppFramewrightLikenessGetEnrollment: 'app.framewright.likeness.getEnrollment',
  AppFramewrightLikenessGrant: 'app.framewright.likeness.grant',
  AppFramewrightLikenessListFound: 'app.framewright.likeness.listFound',
  AppFramewrightLikenessReview: 'app.framewright.likeness.review',
  AppFramewrightLikenessUnenroll: 'app.framewright.likeness.unenroll',
  AppFramewrightNotificationGetUnreadCount:
    'app.framewright.notification.getUnreadCount',
  AppFramewrightNotificationListNotifications:
    'app.framewright.notification.listNotifications',
  AppFramewrightNotificationUpdateSeen:
    'app.framewright.notification.updateSeen',
  AppFramewrightVideoDefs: 'app.framewright.video.defs',
  AppFramewrightVideoGetAuthorVideos: 'app.framewright.video.getAuthorVideos',
  AppFramewrightVideoGetThread: 'app.framewright.video.getThread',
  AppFramewrightVideoGetVideos: 'app.framewright.video.getVideos',
  AppFramewrightVideoPost: 'app.framewright.video.post',
  AppFramewrightVideoSearchVideos: 'app.framewright.video.searchVideos',
  ComAtprotoAdminDefs: 'com.atproto.admin.defs',
  ComAtprotoLabelDefs: 'com.atproto.label.defs',
  ComAtprotoLabelQueryLabels: 'com.atproto.label.queryLabels',
  ComAtprotoLabelSubscribeLabels: 'com.atproto.label.subscribeLabels',
  ComAtprotoModerationCreateReport: 'com.atproto.moderation.createReport',
  ComAtprotoModerationDefs: 'com.atproto.moderation.defs',
  ComAtprotoRepoStrongRef: 'com.atproto.repo.strongRef',
  ComAtprotoServerDefs: 'com.atproto.server.defs',
} as const
