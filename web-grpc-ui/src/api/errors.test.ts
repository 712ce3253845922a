import { create, toBinary } from "@bufbuild/protobuf";
import { durationFromMs, FieldMaskSchema } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { ProfileSchema } from "../gen/cohort/profile/v1/profile_pb";
import { BadRequestSchema, ErrorInfoSchema, RetryInfoSchema } from "../gen/google/rpc/error_details_pb";
import { fakeProfiles } from "../people/testing";
import { codeName, describeError, errorLine, fieldErrors } from "./errors";

describe("describeError", () => {
  it("reads the reason and field violations from google.rpc details as they come off the wire", () => {
    const info = create(ErrorInfoSchema, { reason: "INVALID_ARGUMENT", domain: "identity.cohort.dev" });
    const badRequest = create(BadRequestSchema, {
      fieldViolations: [
        { field: "password", description: "value length must be at least 12 characters" },
        { field: "email", description: "value must be a valid email address" },
      ],
    });
    const error = new ConnectError("request is invalid", Code.InvalidArgument);
    // What the transport stores when it parses grpc-status-details-bin: type names and encoded messages.
    error.details.push(
      { type: "google.rpc.ErrorInfo", value: toBinary(ErrorInfoSchema, info) },
      { type: "google.rpc.BadRequest", value: toBinary(BadRequestSchema, badRequest) },
    );

    expect(describeError(error)).toEqual({
      code: "INVALID_ARGUMENT",
      message: "request is invalid",
      reason: "INVALID_ARGUMENT",
      domain: "identity.cohort.dev",
      fieldViolations: [
        { field: "password", description: "value length must be at least 12 characters" },
        { field: "email", description: "value must be a valid email address" },
      ],
    });
  });

  it("tells when to retry a rate-limited call", () => {
    const error = new ConnectError("slow down", Code.ResourceExhausted, undefined, [
      { desc: ErrorInfoSchema, value: { reason: "RATE_LIMITED", domain: "chat.cohort.dev" } },
      { desc: RetryInfoSchema, value: { retryDelay: durationFromMs(2500) } },
    ]);
    const view = describeError(error);
    expect(view.retryAfterMs).toBe(2500);
    expect(errorLine(error)).toBe("RESOURCE_EXHAUSTED (RATE_LIMITED): slow down");
  });

  it("describes errors that are not from a call", () => {
    expect(describeError(new TypeError("Failed to fetch"))).toMatchObject({ code: "UNKNOWN", message: "Failed to fetch" });
  });

  it("names codes as gRPC does", () => {
    expect(codeName(Code.FailedPrecondition)).toBe("FAILED_PRECONDITION");
    expect(codeName(Code.Unauthenticated)).toBe("UNAUTHENTICATED");
    expect(codeName(Code.DeadlineExceeded)).toBe("DEADLINE_EXCEEDED");
  });
});

describe("fieldErrors", () => {
  it("puts each violation of a rejected profile update under its form field, the request's prefix removed", async () => {
    // Through a real client and transport: the details travel as the service encodes them.
    const profiles = fakeProfiles({
      updateMyProfile() {
        throw new ConnectError("invalid request", Code.InvalidArgument, undefined, [
          {
            desc: BadRequestSchema,
            value: {
              fieldViolations: [
                { field: "profile.display_name", description: "value length must be at most 80 characters" },
                { field: "profile.links[1].url", description: "value must be a valid URI" },
                { field: "profile.links[1].url", description: "value does not match regex pattern" },
                { field: "profile.yearOfStudy", description: "value must be less than or equal to 12" },
              ],
            },
          },
        ]);
      },
    });

    const failure = await profiles
      .updateMyProfile({ profile: create(ProfileSchema, {}), updateMask: create(FieldMaskSchema, { paths: ["display_name"] }) })
      .catch((error: unknown) => error);

    expect(fieldErrors(failure, "profile.")).toEqual({
      display_name: "value length must be at most 80 characters",
      "links[1].url": "value must be a valid URI; value does not match regex pattern",
      year_of_study: "value must be less than or equal to 12",
    });
  });

  it("has nothing to say without an error, or about one without field violations", () => {
    expect(fieldErrors(null)).toEqual({});
    expect(fieldErrors(new ConnectError("no", Code.PermissionDenied), "profile.")).toEqual({});
  });
});
