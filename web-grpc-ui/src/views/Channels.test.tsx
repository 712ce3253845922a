// @vitest-environment jsdom
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { ConversationKind, ConversationSchema } from "../gen/cohort/chat/v1/chat_pb";
import { BadRequestSchema } from "../gen/google/rpc/error_details_pb";
import { ChannelsView } from "./Channels";
import { fakeChat, renderScreen } from "./testing";

afterEach(cleanup);

const channel = (id: string, name: string) =>
  create(ConversationSchema, { conversationId: id, kind: ConversationKind.CHANNEL, name, memberCount: 3 });

describe("Channels", () => {
  it("joins a channel from the directory and reloads the conversation list", async () => {
    const joined: string[] = [];
    let reloads = 0;
    const api = {
      chat: {
        listPublicChannels: async () => ({ channels: [channel("c1", "general"), channel("c2", "study-tips")], nextPageToken: "" }),
        joinChannel: async ({ conversationId }: { conversationId: string }) => {
          joined.push(conversationId);
          return {};
        },
      },
    };
    renderScreen(<ChannelsView />, api, fakeChat({ conversations: [channel("c1", "general")] }, async () => { reloads++; }));

    expect(await screen.findByRole("button", { name: "Leave general" })).toBeTruthy();
    fireEvent.click(await screen.findByRole("button", { name: "Join study-tips" }));

    await waitFor(() => expect(joined).toEqual(["c2"]));
    await waitFor(() => expect(reloads).toBe(1));
  });

  it("shows a refused channel name next to the name field", async () => {
    const badName = new ConnectError("invalid", Code.InvalidArgument, undefined, [{
      desc: BadRequestSchema,
      value: { fieldViolations: [{ field: "name", description: "value must contain a character that is not whitespace" }] },
    }]);
    const api = {
      chat: {
        listPublicChannels: async () => ({ channels: [], nextPageToken: "" }),
        createChannel: async () => { throw badName; },
      },
    };
    renderScreen(<ChannelsView />, api);

    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "   " } });
    fireEvent.submit(screen.getByRole("button", { name: "Create channel" }).closest("form")!);

    const message = await screen.findByText("value must contain a character that is not whitespace");
    expect(message.id).toBe("channel-name-error");
    expect(screen.getByLabelText("Name").getAttribute("aria-invalid")).toBe("true");
    expect(await screen.findByText("No public channels yet. Create the first.")).toBeTruthy();
  });
});
