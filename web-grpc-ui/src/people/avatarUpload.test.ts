import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { ProfileSchema } from "../gen/cohort/profile/v1/profile_pb";
import { AVATAR_MAX_BYTES, AvatarFileRejected, checkAvatarFile, uploadAvatar, type PutFile } from "./avatarUpload";
import { fakeProfiles, userId } from "./testing";

const UPLOAD_ID = "5d2f0c4e-8a7b-4c3d-9e1f-0a1b2c3d4e5f";

/** The profile service's avatar half, and a storage PUT that reports progress in quarters; both log what happens. */
function setUp() {
  const log: string[] = [];
  const profiles = fakeProfiles({
    createAvatarUpload(request) {
      log.push(`create ${request.contentType} ${request.contentLength}`);
      return {
        uploadId: UPLOAD_ID,
        uploadUrl: "https://objects.example/avatars/upload?X-Amz-Signature=abc",
        requiredHeaders: { "content-type": request.contentType, "content-length": String(request.contentLength) },
      };
    },
    confirmAvatarUpload(request) {
      log.push(`confirm ${request.uploadId}`);
      return { profile: create(ProfileSchema, { userId: userId(1), avatar: { url32: "https://objects.example/a32" } }) };
    },
  });
  const put: PutFile = async (url, headers, body, onProgress) => {
    log.push(`put ${url} ${JSON.stringify(headers)} ${body.size}`);
    for (const fraction of [0.25, 0.5, 0.75]) {
      onProgress(fraction);
    }
  };
  return { log, profiles, put };
}

const image = (type: string, size: number) => new Blob([new Uint8Array(size)], { type });

describe("avatar upload", () => {
  it("refuses a file of another type before any request", async () => {
    const { log, profiles, put } = setUp();

    await expect(uploadAvatar(profiles, image("image/gif", 100), () => {}, put)).rejects.toThrow(AvatarFileRejected);

    expect(log).toEqual([]);
    expect(checkAvatarFile({ type: "application/pdf", size: 10 })).toMatch(/JPEG, PNG or WebP/);
  });

  it("refuses an image over 5 MiB before any request, and takes one of exactly 5 MiB", async () => {
    const { log, profiles, put } = setUp();

    await expect(uploadAvatar(profiles, image("image/png", AVATAR_MAX_BYTES + 1), () => {}, put))
      .rejects.toThrow(/limit is 5 MiB/);

    expect(log).toEqual([]);
    expect(checkAvatarFile({ type: "image/webp", size: AVATAR_MAX_BYTES })).toBeNull();
  });

  it("asks for an upload, PUTs the bytes with the signed headers while reporting progress, then confirms", async () => {
    const { log, profiles, put } = setUp();
    const progress: number[] = [];

    const updated = await uploadAvatar(profiles, image("image/jpeg", 2048), (f) => progress.push(f), put);

    expect(log).toEqual([
      "create image/jpeg 2048",
      'put https://objects.example/avatars/upload?X-Amz-Signature=abc {"content-type":"image/jpeg","content-length":"2048"} 2048',
      `confirm ${UPLOAD_ID}`,
    ]);
    expect(progress).toEqual([0.25, 0.5, 0.75, 1]);
    expect(updated?.avatar?.url32).toBe("https://objects.example/a32");
  });

  it("does not confirm an upload whose PUT failed", async () => {
    const { log, profiles } = setUp();
    const failing: PutFile = async () => {
      throw new Error("The upload was refused (HTTP 403).");
    };

    await expect(uploadAvatar(profiles, image("image/png", 10), () => {}, failing)).rejects.toThrow(/403/);

    expect(log).toEqual(["create image/png 10"]);
  });
});
