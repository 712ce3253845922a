import { create } from "@bufbuild/protobuf";
import { FieldMaskSchema } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fieldErrors } from "../api/errors";
import { useApp } from "../context";
import {
  ContactPermission, ProfileSchema, ProfileVisibility, PrivacySettingsSchema, type PrivacySettings, type Profile,
} from "../gen/cohort/profile/v1/profile_pb";
import { ReportButton } from "../moderation/ReportButton";
import { AvatarEditor } from "../people/AvatarEditor";
import { blockedKey } from "../people/lists";
import { BlockedPeople, FollowPeople, HiddenProfile, useMyBlock } from "../people/PeopleLists";
import { Avatar } from "../people/Person";
import { myProfileKey, privacyKey, profileKey, rememberProfile } from "../people/queries";
import { Link, navigate } from "../router";
import { ErrorBox, Spinner } from "../ui/common";

/** /people/:userId (someone's profile) and /me/profile (mine, editable). */
export function ProfileView({ userId }: { userId: string | null }) {
  const { api, user } = useApp();
  // /me/profile edits; /people/<my id> shows my profile as others see it.
  const mine = userId === null;
  const self = mine || userId === user.userId;
  const profile = useQuery({
    queryKey: mine ? myProfileKey : profileKey(userId!),
    queryFn: async () => (mine ? (await api.profile.getMyProfile({})) : (await api.profile.getProfile({ userId: userId! }))).profile ?? null,
  });
  if (profile.isPending) {
    return <Spinner label="Loading the profile…" />;
  }
  if (profile.error) {
    // Hidden and missing answer alike (NOT_FOUND): say so plainly.
    // Someone I blocked is hidden too; their page then offers Unblock.
    if (ConnectError.from(profile.error).code === Code.NotFound) {
      return mine ? <p className="muted">No profile yet.</p> : <HiddenProfile userId={userId!} />;
    }
    return <ErrorBox error={profile.error} />;
  }
  const data = profile.data;
  if (!data) {
    return <p className="muted">No profile.</p>;
  }
  return (
    <section className="profile stack">
      <ProfileCard profile={data} />
      {mine ? <MyProfileEditors profile={data} /> : self ? <p className="small"><Link to="/me/profile">Edit my profile</Link></p>
        : <Relations profile={data} />}
      <div className="row wrap">
        <FollowPeople userId={data.userId} which="followers" />
        <FollowPeople userId={data.userId} which="following" />
      </div>
    </section>
  );
}

function ProfileCard({ profile }: { profile: Profile }) {
  const detail = [profile.pronouns, profile.program, profile.yearOfStudy > 0 ? `year ${profile.yearOfStudy}` : ""].filter(Boolean);
  return (
    <div className="card row profile-card">
      <Avatar profile={profile} userId={profile.userId} size={64} />
      <div className="grow stack">
        <h2>{profile.displayName}</h2>
        {detail.length > 0 && <div className="muted">{detail.join(" · ")}</div>}
        {profile.email && <div className="small"><a href={`mailto:${profile.email}`}>{profile.email}</a></div>}
        {profile.bio && <p className="bio">{profile.bio}</p>}
        {profile.links.length > 0 && (
          <ul className="links">
            {profile.links.map((link, i) => <li key={i}><a href={link.url} rel="noopener noreferrer nofollow" target="_blank">{link.label}</a></li>)}
          </ul>
        )}
        <div className="small muted">
          {profile.followerCount.toString()} follower{profile.followerCount === 1n ? "" : "s"} · {profile.followingCount.toString()} following
          {profile.relationship?.followedBy && " · follows you"}
          {profile.relationship?.classmate && " · classmate"}
        </div>
      </div>
    </div>
  );
}

/**
 * Follow/unfollow, block/unblock (confirmed), Report, and Message (opens or creates the direct conversation). Whether I
 * blocked the person comes from my own list (so the page shows Unblock after a reload too).
 */
export function Relations({ profile }: { profile: Profile }) {
  const { api, chat } = useApp();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const myBlock = useMyBlock(profile.userId);
  const blocked = Boolean(myBlock.data);
  const following = profile.relationship?.following ?? false;
  const refresh = () => queryClient.invalidateQueries({ queryKey: profileKey(profile.userId) });

  const follow = useMutation({
    mutationFn: async () => {
      if (following) {
        await api.profile.unfollowUser({ userId: profile.userId });
      } else {
        rememberProfile(queryClient, (await api.profile.followUser({ userId: profile.userId })).profile);
      }
    },
    onSettled: refresh,
  });
  const block = useMutation({
    mutationFn: async (unblock: boolean) => {
      if (unblock) {
        await api.profile.unblockUser({ userId: profile.userId });
      } else {
        await api.profile.blockUser({ userId: profile.userId });
      }
      return unblock;
    },
    onSuccess: async (unblocked) => {
      setNotice(unblocked ? `${profile.displayName} is unblocked.` : `${profile.displayName} is blocked: neither of you can message or follow the other.`);
      // The profile is not re-read after a block (it may now be hidden): this page keeps the person and Unblock.
      await queryClient.invalidateQueries({ queryKey: blockedKey });
      if (unblocked) {
        await refresh();
      }
    },
  });
  const message = useMutation({
    mutationFn: () => chat.openDirect([profile.userId]),
    onSuccess: (conversation) => navigate(`/chat/${conversation.conversationId}`),
  });
  const onBlock = () => {
    if (blocked || window.confirm(`Block ${profile.displayName}? They will not be able to message or follow you.`)) {
      block.mutate(blocked);
    }
  };
  const messageDenied = message.error && ConnectError.from(message.error).code === Code.PermissionDenied;
  return (
    <div className="card stack">
      <div className="row wrap">
        <button className="primary" onClick={() => message.mutate()} disabled={message.isPending || blocked}>
          {message.isPending ? "Opening…" : "Message"}
        </button>
        <button onClick={() => follow.mutate()} disabled={follow.isPending || blocked} aria-pressed={following}>
          {following ? "Unfollow" : "Follow"}
        </button>
        <button onClick={onBlock} disabled={block.isPending || myBlock.isPending}>{blocked ? "Unblock" : "Block…"}</button>
        <ReportButton target={{ kind: "profile", userId: profile.userId }} what={`${profile.displayName}'s profile`} className="" />
      </div>
      {notice && <p className="notice" role="status">{notice}</p>}
      {messageDenied
        ? <p className="error" role="alert">{profile.displayName} does not accept messages from you.</p>
        : <ErrorBox error={message.error} onDismiss={() => message.reset()} />}
      <ErrorBox error={follow.error} onDismiss={() => follow.reset()} />
      <ErrorBox error={block.error} onDismiss={() => block.reset()} />
    </div>
  );
}

function MyProfileEditors({ profile }: { profile: Profile }) {
  return (
    <>
      <AvatarEditor profile={profile} />
      <EditProfile profile={profile} />
      <PrivacyForm />
      <BlockedPeople />
      <p className="small"><Link to={`/people/${profile.userId}`}>See my profile as others do</Link></p>
    </>
  );
}

type Links = { label: string; url: string }[];

function EditProfile({ profile }: { profile: Profile }) {
  const { api } = useApp();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    displayName: profile.displayName, pronouns: profile.pronouns, bio: profile.bio, program: profile.program,
    yearOfStudy: profile.yearOfStudy,
  });
  const [links, setLinks] = useState<Links>(profile.links.map((l) => ({ label: l.label, url: l.url })));
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: async () => {
      const { profile: updated } = await api.profile.updateMyProfile({
        profile: create(ProfileSchema, { ...form, links }),
        updateMask: create(FieldMaskSchema, {
          paths: ["display_name", "pronouns", "bio", "program", "year_of_study", "links"],
        }),
      });
      return updated;
    },
    onSuccess: (updated) => {
      queryClient.setQueryData(myProfileKey, updated ?? null);
      rememberProfile(queryClient, updated);
      setSaved(true);
    },
  });
  const errors = fieldErrors(save.error, "profile.");
  const field = (name: keyof typeof form, proto: string, label: string, extra: Record<string, unknown> = {}) => (
    <label>{label}
      <input value={form[name]} aria-invalid={errors[proto] ? true : undefined}
        aria-describedby={errors[proto] ? `err-${proto}` : undefined} {...extra}
        onChange={(e) => { setSaved(false); setForm({ ...form, [name]: name === "yearOfStudy" ? Number(e.target.value) : e.target.value }); }} />
      {errors[proto] && <span className="field-error" id={`err-${proto}`}>{errors[proto]}</span>}
    </label>
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const otherErrors = save.error && Object.keys(errors).length === 0;
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="edit-profile">
      <h3 id="edit-profile">Edit my profile</h3>
      {field("displayName", "display_name", "Display name", { maxLength: 80, required: true })}
      {field("pronouns", "pronouns", "Pronouns", { maxLength: 40 })}
      {field("program", "program", "Program", { maxLength: 100 })}
      {field("yearOfStudy", "year_of_study", "Year of study (0: not given)", { type: "number", min: 0, max: 12 })}
      <label>Bio
        <textarea value={form.bio} maxLength={1000} rows={4} aria-invalid={errors.bio ? true : undefined}
          onChange={(e) => { setSaved(false); setForm({ ...form, bio: e.target.value }); }} />
        {errors.bio && <span className="field-error">{errors.bio}</span>}
      </label>
      <fieldset className="stack">
        <legend>Links (up to 5)</legend>
        {links.map((link, i) => (
          <div className="row wrap" key={i}>
            <label className="grow">Label
              <input value={link.label} maxLength={40} onChange={(e) => setLinks(links.map((l, j) => (j === i ? { ...l, label: e.target.value } : l)))} />
              {errors[`links[${i}].label`] && <span className="field-error">{errors[`links[${i}].label`]}</span>}
            </label>
            <label className="grow">URL
              <input type="url" value={link.url} onChange={(e) => setLinks(links.map((l, j) => (j === i ? { ...l, url: e.target.value } : l)))} />
              {errors[`links[${i}].url`] && <span className="field-error">{errors[`links[${i}].url`]}</span>}
            </label>
            <button type="button" onClick={() => setLinks(links.filter((_, j) => j !== i))} aria-label={`Remove link ${i + 1}`}>Remove</button>
          </div>
        ))}
        {links.length < 5 && <button type="button" onClick={() => setLinks([...links, { label: "", url: "https://" }])}>Add a link</button>}
        {errors.links && <span className="field-error">{errors.links}</span>}
      </fieldset>
      <div className="row">
        <button type="submit" className="primary" disabled={save.isPending}>{save.isPending ? "Saving…" : "Save"}</button>
        {saved && <span className="ok" role="status">Saved.</span>}
      </div>
      {otherErrors && <ErrorBox error={save.error} />}
    </form>
  );
}

const VISIBILITY: [ProfileVisibility, string][] = [
  [ProfileVisibility.EVERYONE, "Everyone"],
  [ProfileVisibility.CLASSMATES, "Classmates"],
  [ProfileVisibility.NOBODY, "Nobody"],
];
const CONTACT: [ContactPermission, string][] = [
  [ContactPermission.EVERYONE, "Everyone"],
  [ContactPermission.CLASSMATES, "Classmates"],
  [ContactPermission.PEOPLE_I_FOLLOW, "People I follow"],
  [ContactPermission.NOBODY, "Nobody"],
];

function PrivacyForm() {
  const { api } = useApp();
  const queryClient = useQueryClient();
  const current = useQuery({
    queryKey: privacyKey,
    queryFn: async () => (await api.profile.getPrivacySettings({})).settings ?? create(PrivacySettingsSchema),
  });
  const [draft, setDraft] = useState<PrivacySettings | null>(null);
  const [saved, setSaved] = useState(false);
  const settings = draft ?? current.data;
  const save = useMutation({
    mutationFn: async (next: PrivacySettings) => (await api.profile.updatePrivacySettings({
      settings: next,
      updateMask: create(FieldMaskSchema, { paths: ["profile_visibility", "direct_messages", "channel_invites", "show_email"] }),
    })).settings,
    onSuccess: (next) => {
      queryClient.setQueryData(privacyKey, next);
      setDraft(null);
      setSaved(true);
    },
  });
  if (current.isPending) {
    return <Spinner label="Loading privacy settings…" />;
  }
  if (!settings) {
    return <ErrorBox error={current.error} />;
  }
  const errors = fieldErrors(save.error, "settings.");
  const change = (fields: Partial<PrivacySettings>) => {
    setSaved(false);
    setDraft(create(PrivacySettingsSchema, { ...settings, ...fields }));
  };
  const select = (label: string, value: number, options: [number, string][], onChange: (v: number) => void, proto: string) => (
    <label>{label}
      <select value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {value === 0 && <option value={0}>(not set)</option>}
        {options.map(([v, text]) => <option key={v} value={v}>{text}</option>)}
      </select>
      {errors[proto] && <span className="field-error">{errors[proto]}</span>}
    </label>
  );
  return (
    <form className="card stack" aria-labelledby="privacy-heading" onSubmit={(e) => { e.preventDefault(); save.mutate(settings); }}>
      <h3 id="privacy-heading">Privacy</h3>
      {select("Who may see my profile", settings.profileVisibility, VISIBILITY, (v) => change({ profileVisibility: v }), "profile_visibility")}
      {select("Who may message me", settings.directMessages, CONTACT, (v) => change({ directMessages: v }), "direct_messages")}
      {select("Who may add me to channels", settings.channelInvites, CONTACT, (v) => change({ channelInvites: v }), "channel_invites")}
      <label className="inline">
        <input type="checkbox" checked={settings.showEmail} onChange={(e) => change({ showEmail: e.target.checked })} />
        Show my e-mail address on my profile
      </label>
      <div className="row">
        <button type="submit" className="primary" disabled={save.isPending || draft === null}>{save.isPending ? "Saving…" : "Save privacy settings"}</button>
        {saved && <span className="ok" role="status">Saved.</span>}
      </div>
      {Object.keys(errors).length === 0 && <ErrorBox error={save.error} />}
    </form>
  );
}
