import { z } from "zod";
import { AvatarLook, BODY_SHAPES } from "../rules/avatar-look.ts";
import { NewDisplayName } from "../rules/display-name.ts";
import { BigFive } from "../rules/personality.ts";
import { cleanMultiline, ModerationReason } from "../rules/text.ts";

export const BIO_MAX = 500;
export const POST_MAX = 1_000;
export const TOP_FRIENDS_MAX = 8;
/** Authors may edit a post this long after writing it (ms). */
export const EDIT_WINDOW_MS = 15 * 60_000;
/**
 * Replies one post takes. Every wall and feed page carries all replies of its posts, so a
 * thread without an end would make every page that shows it grow without bound.
 */
export const REPLIES_PER_POST_MAX = 100;

const multiline = (max: number, empty: string) =>
  z
    .string()
    .max(max * 4)
    .transform(cleanMultiline)
    .pipe(z.string().min(1, empty).max(max, `at most ${max} characters`));

/** A bounded set of looks: a profile can be personal without raw CSS or HTML. */
export const PALETTES = ["dusk", "dawn", "forest", "ocean", "ember", "mono"] as const;
export const ACCENTS = ["gold", "rose", "mint", "sky", "violet", "coral"] as const;
export const LAYOUTS = ["classic", "wide", "compact"] as const;
export const PATTERNS = ["none", "dots", "stripes", "grid", "waves"] as const;
/** The body shapes (schema/rules/avatar-look.ts, where the whole look is defined). */
export const AVATAR_SHAPES = BODY_SHAPES;
export const WALL_POLICIES = ["everyone", "following", "nobody"] as const;
export const REACTIONS = ["like", "love", "laugh", "wow", "sad"] as const;
/** `GET /api/feed?view=`: everyone's public posts, or those of the people the caller follows. */
export const FEED_VIEWS = ["everyone", "following"] as const;
export type FeedView = (typeof FEED_VIEWS)[number];
export type ReactionKind = (typeof REACTIONS)[number];

export const Theme = z.strictObject({
  palette: z.enum(PALETTES),
  accent: z.enum(ACCENTS),
  layout: z.enum(LAYOUTS),
  pattern: z.enum(PATTERNS),
});
export type Theme = z.infer<typeof Theme>;

/** PATCH /api/me/profile: any subset of the owner's own fields. */
export const ProfileUpdate = z
  .strictObject({
    displayName: NewDisplayName,
    bio: z
      .string()
      .max(BIO_MAX * 4)
      .transform(cleanMultiline)
      .pipe(z.string().max(BIO_MAX, `at most ${BIO_MAX} characters`)),
    personality: BigFive,
    avatar: AvatarLook,
    theme: Theme,
    wallPolicy: z.enum(WALL_POLICIES),
    topFriends: z.array(z.string().min(1).max(80)).max(TOP_FRIENDS_MAX, `at most ${TOP_FRIENDS_MAX} top friends`),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "change at least one field");
export type ProfileUpdate = z.infer<typeof ProfileUpdate>;

export const PostRef = z.strictObject({ kind: z.enum(["script", "song"]), id: z.string().min(1).max(64) });

/** POST /api/walls/:username/posts — a post (or a reply, with parentId) on someone's wall. */
export const NewPost = z.strictObject({
  text: multiline(POST_MAX, "write something"),
  parentId: z.string().min(1).max(64).optional(),
  ref: PostRef.optional(),
  /** Public posts also appear in the feed. */
  public: z.boolean().optional(),
});
export type NewPost = z.infer<typeof NewPost>;

export const EditPost = z.strictObject({ text: multiline(POST_MAX, "write something") });
export const HidePost = z.strictObject({ reason: ModerationReason });

export const WallJoinOptions = z.object({ protocol: z.number().int(), owner: z.string().min(1).max(80) });
