import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type ChangeEvent } from "react";
import { useApp } from "../context";
import type { Profile } from "../gen/cohort/profile/v1/profile_pb";
import { ErrorBox } from "../ui/common";
import { AvatarFileRejected, checkAvatarFile, uploadAvatar, xhrPut, type PutFile } from "./avatarUpload";
import { Avatar } from "./Person";
import { myProfileKey, rememberProfile } from "./queries";

/**
 * My picture: choosing a file checks it at once and shows a preview; Upload sends it to the presigned URL with a
 * progress bar, then confirms it; Remove takes the picture away. `put` is the storage PUT (XHR in the app, for
 * its upload progress).
 */
export function AvatarEditor({ profile, put = xhrPut }: { profile: Profile; put?: PutFile }) {
  const { api } = useApp();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  useEffect(() => () => { if (preview) URL.revokeObjectURL(preview); }, [preview]);

  const done = (updated: Profile | undefined) => {
    queryClient.setQueryData(myProfileKey, updated ?? null);
    rememberProfile(queryClient, updated);
    setFile(null);
    setPreview(null);
    setProgress(null);
  };
  const upload = useMutation({
    mutationFn: (chosen: File) => uploadAvatar(api.profile, chosen, setProgress, put),
    onSuccess: done,
    onError: (error) => { setProgress(null); if (error instanceof AvatarFileRejected) setRefusal(error.message); },
  });
  const remove = useMutation({
    mutationFn: async () => (await api.profile.removeAvatar({})).profile,
    onSuccess: done,
  });
  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0] ?? null;
    upload.reset();
    setRefusal(chosen ? checkAvatarFile(chosen) : null);
    setFile(chosen && !checkAvatarFile(chosen) ? chosen : null);
    setPreview(chosen && !checkAvatarFile(chosen) ? URL.createObjectURL(chosen) : null);
  };
  return (
    <div className="card stack" aria-labelledby="avatar-heading">
      <h3 id="avatar-heading">Picture</h3>
      <div className="row wrap">
        {preview ? <img className="avatar avatar-64" src={preview} width={64} height={64} alt="Preview of the new picture" />
          : <Avatar profile={profile} userId={profile.userId} size={64} />}
        <label className="grow">Choose an image (JPEG, PNG or WebP, up to 5 MiB)
          <input type="file" accept="image/jpeg,image/png,image/webp" onChange={choose} disabled={upload.isPending} />
        </label>
      </div>
      {refusal && <p className="field-error" role="alert">{refusal}</p>}
      {progress !== null && (
        <label className="small">Uploading
          <progress max={1} value={progress} aria-valuetext={`${Math.round(progress * 100)} %`} />
        </label>
      )}
      <div className="row wrap">
        <button className="primary" disabled={!file || upload.isPending} onClick={() => file && upload.mutate(file)}>
          {upload.isPending ? "Uploading…" : "Upload"}
        </button>
        {profile.avatar && (
          <button onClick={() => remove.mutate()} disabled={remove.isPending}>Remove picture</button>
        )}
      </div>
      {!(upload.error instanceof AvatarFileRejected) && <ErrorBox error={upload.error} onDismiss={() => upload.reset()} />}
      <ErrorBox error={remove.error} onDismiss={() => remove.reset()} />
    </div>
  );
}
