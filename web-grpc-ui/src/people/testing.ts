// A fake ProfileService for the people tests (only *.test.ts import it): createRouterTransport serves the
// implementation in memory, through the same client code and message encoding the app uses.
import { create } from "@bufbuild/protobuf";
import { createClient, createRouterTransport, type ServiceImpl } from "@connectrpc/connect";
import { ProfileSchema, ProfileService, type Profile } from "../gen/cohort/profile/v1/profile_pb";

export function userId(n: number): string {
  return `7b1c3d1e-0000-4000-8000-${String(n).padStart(12, "0")}`;
}

export function profile(n: number): Profile {
  return create(ProfileSchema, { userId: userId(n), displayName: `Person ${n}` });
}

export function fakeProfiles(impl: Partial<ServiceImpl<typeof ProfileService>>) {
  return createClient(ProfileService, createRouterTransport(({ service }) => service(ProfileService, impl)));
}
