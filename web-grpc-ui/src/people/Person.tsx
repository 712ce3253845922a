import type { Profile } from "../gen/cohort/profile/v1/profile_pb";
import { Link } from "../router";
import { shortId } from "../ui/common";
import { usePerson } from "./usePeople";

/** What to call someone: their display name, or (while loading, or hidden from the caller) the id's first block. */
export function personName(profile: Profile | null | undefined, userId: string): string {
  return profile?.displayName || `User ${shortId(userId)}`;
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((w) => Array.from(w)[0]?.toUpperCase() ?? "").join("") || "?";
}

/** A round picture of the person (the size the server renders for it, twice for sharp screens), or their initials. */
export function Avatar({ profile, userId, size = 32 }: { profile: Profile | null | undefined; userId: string; size?: 32 | 64 }) {
  const name = personName(profile, userId);
  const avatar = profile?.avatar;
  const src = size === 32 ? avatar?.url32 : avatar?.url64;
  const srcHiDpi = size === 32 ? avatar?.url64 : avatar?.url128;
  if (src) {
    return (
      <img className={`avatar avatar-${size}`} src={src} srcSet={srcHiDpi ? `${src} 1x, ${srcHiDpi} 2x` : undefined}
        width={size} height={size} alt={name} />
    );
  }
  return (
    <span className={`avatar avatar-${size} initials`} role="img" aria-label={name}>
      {initials(name)}
    </span>
  );
}

/**
 * A person wherever a user id appears: avatar and name, a link to their profile unless `plain`. `you` replaces the
 * name with "You" for the signed-in user.
 */
export function Person({ userId, size = 32, plain, you, nameOnly }: {
  userId: string; size?: 32 | 64; plain?: boolean; you?: boolean; nameOnly?: boolean;
}) {
  const profile = usePerson(userId);
  const name = you ? "You" : personName(profile, userId);
  const body = (
    <>
      {!nameOnly && <Avatar profile={profile} userId={userId} size={size} />}
      <span className="person-name">{name}</span>
    </>
  );
  return plain ? <span className="person">{body}</span>
    : <Link to={`/people/${userId}`} className="person">{body}</Link>;
}

/** Just the name, as text (for titles and sentences). */
export function PersonName({ userId }: { userId: string }) {
  return <>{personName(usePerson(userId), userId)}</>;
}
