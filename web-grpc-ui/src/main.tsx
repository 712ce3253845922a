import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createApi } from "./api/clients";
import { App } from "./App";
import "./styles.css";

// Same origin: the gateway serves this app and gRPC-Web alike (in development, Vite proxies to it).
const api = createApi(window.location.origin, window.sessionStorage);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App api={api} />
  </StrictMode>,
);
