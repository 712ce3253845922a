// @vitest-environment jsdom
import { create } from "@bufbuild/protobuf";
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ProfileSchema } from "../gen/cohort/profile/v1/profile_pb";
import { AvatarEditor } from "./AvatarEditor";
import type { PutFile } from "./avatarUpload";
import { fakeProfiles } from "./testing";
import { ME, renderWithApp } from "./testingApp";

const me = create(ProfileSchema, { userId: ME, displayName: "Ada Lovelace" });

beforeEach(() => {
  // jsdom has no object URLs: the preview's URL is made up, and what was revoked is remembered.
  URL.createObjectURL = vi.fn(() => "blob:preview-1");
  URL.revokeObjectURL = vi.fn();
});
afterEach(cleanup);

function choose(file: File) {
  fireEvent.change(screen.getByLabelText(/Choose an image/), { target: { files: [file] } });
}

describe("the avatar editor", () => {
  it("previews the chosen picture, shows the upload's progress, then shows the new avatar", async () => {
    let finishPut: () => void = () => {};
    let report: (fraction: number) => void = () => {};
    const put: PutFile = (_url, _headers, _body, onProgress) => {
      report = onProgress;
      return new Promise<void>((resolve) => { finishPut = resolve; });
    };
    const profiles = fakeProfiles({
      createAvatarUpload: (request) => ({ uploadId: "5d2f0c4e-8a7b-4c3d-9e1f-0a1b2c3d4e5f", uploadUrl: "https://objects.example/u",
        requiredHeaders: { "content-type": request.contentType } }),
      confirmAvatarUpload: () => ({ profile: create(ProfileSchema, { userId: ME, displayName: "Ada Lovelace", avatar: { url64: "https://objects.example/a64", url128: "https://objects.example/a128" } }) }),
    });
    renderWithApp(<AvatarEditor profile={me} put={put} />, profiles);

    choose(new File([new Uint8Array(1000)], "me.png", { type: "image/png" }));
    expect((screen.getByAltText("Preview of the new picture") as HTMLImageElement).src).toBe("blob:preview-1");

    fireEvent.click(screen.getByRole("button", { name: "Upload" }));
    await waitFor(() => expect(screen.getByRole("button", { name: "Uploading…" })).toBeTruthy());
    report(0.5);
    await waitFor(() => expect(document.querySelector("progress")?.getAttribute("aria-valuetext")).toBe("50 %"));
    finishPut();
    await waitFor(() => expect(document.querySelector("progress")).toBeNull());
    expect(screen.queryByAltText("Preview of the new picture")).toBeNull();
    expect(URL.revokeObjectURL).toHaveBeenCalledWith("blob:preview-1");
  });

  it("refuses a file that is not a picture at once, with no preview and no request", () => {
    const profiles = fakeProfiles({
      createAvatarUpload: () => { throw new Error("must not be called"); },
    });
    renderWithApp(<AvatarEditor profile={me} />, profiles);

    choose(new File(["hello"], "notes.txt", { type: "text/plain" }));
    expect(screen.getByRole("alert").textContent).not.toBe("");
    expect(screen.queryByAltText("Preview of the new picture")).toBeNull();
    expect((screen.getByRole("button", { name: "Upload" }) as HTMLButtonElement).disabled).toBe(true);
  });
});
