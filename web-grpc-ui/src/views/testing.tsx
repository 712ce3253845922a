// Rendering a screen for a component test (not part of the app bundle: only *.test.tsx import it): the providers
// the signed-in app gives (services, query cache, profile batcher) around it, with the calls a test answers.
import { create } from "@bufbuild/protobuf";
import { QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import type { Api } from "../api/clients";
import type { ChatController, ChatSnapshot } from "../chat/controller";
import { AppContext } from "../context";
import { ProfileSchema } from "../gen/cohort/profile/v1/profile_pb";
import { createProfileBatcher } from "../people/batcher";
import { createQueryClient } from "../people/queries";
import { BatcherContext } from "../people/usePeople";

export const ME = { userId: "7b1c3d1e-0000-4000-8000-000000000001", email: "me@example.org", displayName: "Me" };

/** Everyone the batcher is asked about gets a profile named "Person <first 4 of id>". */
const batcher = () => createProfileBatcher(async (ids) =>
  ids.map((userId) => create(ProfileSchema, { userId, displayName: `Person ${userId.slice(0, 4)}` })));

/** A chat controller's surface that screens read: a fixed snapshot and a reload that tests can watch. */
export function fakeChat(snapshot: Partial<ChatSnapshot> = {}, loadConversations = async () => {}): ChatController {
  const full = { conversations: [], timelines: new Map(), typing: new Map(), ...snapshot } as unknown as ChatSnapshot;
  return { subscribe: () => () => {}, getSnapshot: () => full, loadConversations } as unknown as ChatController;
}

export function renderScreen(screen: ReactElement, api: Partial<Record<keyof Api, unknown>>, chat = fakeChat()) {
  const client = createQueryClient();
  client.setDefaultOptions({ queries: { retry: false } });
  return render(
    <QueryClientProvider client={client}>
      <BatcherContext.Provider value={batcher()}>
        <AppContext.Provider value={{ api: api as unknown as Api, user: ME, chat }}>{screen}</AppContext.Provider>
      </BatcherContext.Provider>
    </QueryClientProvider>,
  );
}
