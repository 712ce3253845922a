import type { Client } from "@connectrpc/connect";
import type { Profile, ProfileService } from "../gen/cohort/profile/v1/profile_pb";

export const AVATAR_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
/** 5 MiB: the contract's CreateAvatarUploadRequest.content_length limit. */
export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;

/** Why this file cannot be an avatar, or null if it may be uploaded. Checked before any request. */
export function checkAvatarFile(file: { type: string; size: number }): string | null {
  if (!(AVATAR_TYPES as readonly string[]).includes(file.type)) {
    return "Choose a JPEG, PNG or WebP image.";
  }
  if (file.size <= 0) {
    return "That file is empty.";
  }
  if (file.size > AVATAR_MAX_BYTES) {
    return `That image is ${(file.size / 1024 / 1024).toFixed(1)} MiB; the limit is 5 MiB.`;
  }
  return null;
}

/** PUT the bytes to a URL, telling the progress (0..1). */
export type PutFile = (url: string, headers: Record<string, string>, body: Blob, onProgress: (fraction: number) => void) => Promise<void>;

export class AvatarFileRejected extends Error {}

/**
 * The whole avatar upload: check the file, CreateAvatarUpload (a presigned URL and the headers it was signed with),
 * PUT the bytes there with progress, then ConfirmAvatarUpload, which answers the profile with the new avatar.
 */
export async function uploadAvatar(
  profiles: Pick<Client<typeof ProfileService>, "createAvatarUpload" | "confirmAvatarUpload">,
  file: Blob,
  onProgress: (fraction: number) => void,
  put: PutFile = xhrPut,
): Promise<Profile | undefined> {
  const refusal = checkAvatarFile(file);
  if (refusal) {
    throw new AvatarFileRejected(refusal);
  }
  const upload = await profiles.createAvatarUpload({ contentType: file.type, contentLength: BigInt(file.size) });
  await put(upload.uploadUrl, upload.requiredHeaders, file, onProgress);
  onProgress(1);
  const { profile } = await profiles.confirmAvatarUpload({ uploadId: upload.uploadId });
  return profile;
}

const BROWSER_SET_HEADERS = new Set(["content-length", "host"]);

/** The browser's PUT with upload progress (fetch cannot report the progress of a request body). */
export const xhrPut: PutFile = (url, headers, body, onProgress) =>
  new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("PUT", url);
    for (const [name, value] of Object.entries(headers)) {
      // The browser sets these itself from the body and refuses them from scripts (they are still what was signed).
      if (!BROWSER_SET_HEADERS.has(name.toLowerCase())) {
        request.setRequestHeader(name, value);
      }
    }
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) {
        onProgress(event.loaded / event.total);
      }
    };
    request.onload = () =>
      request.status >= 200 && request.status < 300 ? resolve()
        : reject(new Error(`The upload was refused (HTTP ${request.status}).`));
    request.onerror = () => reject(new Error("The upload failed: the storage could not be reached."));
    request.onabort = () => reject(new Error("The upload was cancelled."));
    request.send(body);
  });
