import { useState, type FormEvent } from "react";
import type { Api } from "../api/clients";
import { ForgotPasswordForm } from "../account/AccountPages";
import { ErrorBox, Spinner } from "../ui/common";

export function SignInView({ api }: { api: Api }) {
  const [mode, setMode] = useState<"login" | "register" | "forgot">("login");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const expired = api.session.signOutReason === "expired";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      if (mode === "register") {
        setBusy("Creating your account…");
        await api.publicIdentity.register({ email, password, displayName });
      }
      setBusy("Signing in…");
      const { user, tokens } = await api.publicIdentity.login({ email, password });
      if (!user || !tokens) {
        throw new Error("Login answered without user or tokens");
      }
      // The refresh token is not in the answer: identity put it in the HttpOnly cookie (ADR 23).
      api.session.signIn({ userId: user.userId, email: user.email, displayName: user.displayName }, tokens.accessToken);
    } catch (failure) {
      setError(failure);
      setBusy(null);
    }
  };

  return (
    <div className="signin">
      <h1>Cohort</h1>
      <p className="muted">Find your classes, form study groups, talk in real time.</p>
      {expired && <p className="notice">Your session ended. Please sign in again.</p>}
      <div className="tabs" role="tablist">
        <button role="tab" aria-selected={mode === "login"} className={mode === "login" ? "active" : ""}
          onClick={() => { setMode("login"); setError(null); }}>Log in</button>
        <button role="tab" aria-selected={mode === "register"} className={mode === "register" ? "active" : ""}
          onClick={() => { setMode("register"); setError(null); }}>Sign up</button>
      </div>
      {mode === "forgot" ? <ForgotPasswordForm api={api} onBack={() => setMode("login")} /> : (
      <form onSubmit={submit} className="card stack">
        <label>E-mail
          <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        {mode === "register" && (
          <label>Display name
            <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} maxLength={80} required />
          </label>
        )}
        <label>Password
          <input type="password" autoComplete={mode === "login" ? "current-password" : "new-password"}
            value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {mode === "register" && <small className="muted">At least 12 characters, not a common password.</small>}
        <button type="submit" className="primary" disabled={busy !== null}>
          {mode === "login" ? "Log in" : "Create account"}
        </button>
        {busy && <Spinner label={busy} />}
        <ErrorBox error={error} />
        {mode === "login" && (
          <button type="button" className="link" onClick={() => { setMode("forgot"); setError(null); }}>
            Forgot your password?
          </button>
        )}
      </form>
      )}
      <p className="muted small">
        On <code>./cohort up</code> the demo students are ada@, grace@ and alan@cohort.local; their passwords are
        printed at start (and kept in <code>.cohort/secrets/</code>).
      </p>
    </div>
  );
}
