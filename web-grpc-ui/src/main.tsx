import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createApi } from "./api/clients";
import { App } from "./App";
import "./styles.css";

// Same origin: the gateway serves this app and gRPC-Web alike (in development, Vite proxies to it).
const api = createApi(window.location.origin);

// Tokens live in memory only: after a reload, the refresh cookie signs the user in again (or not) before the
// first render, so a signed-in user never sees the sign-in form flash.
void api.restoreSession().finally(() =>
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <App api={api} />
    </StrictMode>,
  ),
);
