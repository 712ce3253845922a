// Rendering people components as the app does, for component tests (only *.test.tsx import it): the app's
// services with a fake profile client (see testing.ts), a fresh query cache and the profile batcher.
import { QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import type { Api, ProfileClient } from "../api/clients";
import { AppContext, type AppServices } from "../context";
import { createProfileBatcher } from "./batcher";
import { createQueryClient } from "./queries";
import { BatcherContext } from "./usePeople";

export const ME = "7b1c3d1e-0000-4000-8000-00000000aaaa";

export function renderWithApp(ui: ReactNode, profiles: ProfileClient, chat: Partial<AppServices["chat"]> = {}) {
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false } });
  const services = {
    api: { profile: profiles } as unknown as Api,
    user: { userId: ME } as unknown as AppServices["user"],
    chat: chat as AppServices["chat"],
  } satisfies AppServices;
  return render(
    <QueryClientProvider client={queryClient}>
      <AppContext.Provider value={services}>
        <BatcherContext.Provider value={createProfileBatcher(async (userIds) => (await profiles.batchGetProfiles({ userIds })).profiles)}>{ui}</BatcherContext.Provider>
      </AppContext.Provider>
    </QueryClientProvider>,
  );
}
