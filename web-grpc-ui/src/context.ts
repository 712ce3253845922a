import { createContext, useContext } from "react";
import type { Api } from "./api/clients";
import type { SignedInUser } from "./auth/session";
import type { ChatController } from "./chat/controller";

export interface AppServices {
  api: Api;
  user: SignedInUser;
  chat: ChatController;
}

export const AppContext = createContext<AppServices | null>(null);

export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (!services) {
    throw new Error("useApp outside a signed-in app");
  }
  return services;
}
