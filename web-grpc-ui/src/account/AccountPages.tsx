import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import type { Api } from "../api/clients";
import { navigate } from "../router";
import { ErrorBox, Spinner } from "../ui/common";
import { newPasswordProblem, takeTokenFromLocation } from "./links";

/** "Forgot your password?": asks identity to e-mail a reset link. The answer is the same for any address. */
export function ForgotPasswordForm({ api, onBack }: { api: Api; onBack: () => void }) {
  const [email, setEmail] = useState("");
  const [state, setState] = useState<"idle" | "sending" | "sent">("idle");
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setState("sending");
    try {
      await api.publicIdentity.requestPasswordReset({ email });
      setState("sent");
    } catch (failure) {
      setError(failure);
      setState("idle");
    }
  };

  if (state === "sent") {
    return (
      <div className="card stack" role="status">
        <p>If an account has the address <strong>{email}</strong>, a link to choose a new password is on its way.
          It works for 30 minutes.</p>
        <button className="link" onClick={onBack}>Back to log in</button>
      </div>
    );
  }
  return (
    <form onSubmit={submit} className="card stack" aria-label="Reset your password">
      <p>Enter your account's e-mail address; we will send you a link to choose a new password.</p>
      <label>E-mail
        <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
      </label>
      <button type="submit" className="primary" disabled={state === "sending"}>Send the link</button>
      {state === "sending" && <Spinner label="Sending…" />}
      <ErrorBox error={error} />
      <button type="button" className="link" onClick={onBack}>Back to log in</button>
    </form>
  );
}

/** The page a reset link opens: a new password, typed twice. Every sign-in of the account ends. */
export function ResetPasswordView({ api }: { api: Api }) {
  const token = useRef<string | null | undefined>(undefined);
  if (token.current === undefined) {
    token.current = takeTokenFromLocation(window.location, window.history);
  }
  const [password, setPassword] = useState("");
  const [repeated, setRepeated] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [state, setState] = useState<"idle" | "saving" | "done">("idle");
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const local = newPasswordProblem(password, repeated);
    setProblem(local);
    if (local || !token.current) {
      return;
    }
    setState("saving");
    try {
      await api.publicIdentity.resetPassword({ token: token.current, newPassword: password });
      setState("done");
      // The reset ended every sign-in, this browser's too.
      api.session.signOut();
    } catch (failure) {
      setError(failure);
      setState("idle");
    }
  };

  return (
    <div className="signin">
      <h1>Choose a new password</h1>
      {!token.current ? (
        <p className="error" role="alert">This page needs the link from the e-mail. Ask for a new one from the log-in page.</p>
      ) : state === "done" ? (
        <div className="card stack" role="status">
          <p>Your password is changed, and every session of your account has ended. Log in with the new password.</p>
          <button className="primary" onClick={() => navigate("/")}>Log in</button>
        </div>
      ) : (
        <form onSubmit={submit} className="card stack" noValidate>
          <label>New password
            <input type="password" autoComplete="new-password" value={password}
              aria-invalid={problem !== null} aria-describedby="new-password-rule"
              onChange={(e) => setPassword(e.target.value)} required />
          </label>
          <label>The same again
            <input type="password" autoComplete="new-password" value={repeated}
              aria-invalid={problem !== null} onChange={(e) => setRepeated(e.target.value)} required />
          </label>
          <small id="new-password-rule" className={problem ? "field-error" : "muted"}>
            {problem ?? "At least 12 characters, not a common password."}
          </small>
          <button type="submit" className="primary" disabled={state === "saving"}>Set the new password</button>
          {state === "saving" && <Spinner label="Saving…" />}
          <ErrorBox error={error} />
        </form>
      )}
    </div>
  );
}

/** The page a verification link opens: verifies at once, then refreshes the session so its token says so. */
export function VerifyEmailView({ api }: { api: Api }) {
  const [state, setState] = useState<"verifying" | "verified" | "failed" | "no-token">("verifying");
  const [error, setError] = useState<unknown>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) {
      return;
    }
    started.current = true;
    const token = takeTokenFromLocation(window.location, window.history);
    if (!token) {
      setState("no-token");
      return;
    }
    void (async () => {
      try {
        await api.publicIdentity.verifyEmail({ token });
        const accessToken = api.session.accessToken;
        if (accessToken) {
          // A fresh access token carries email_verified.
          await api.session.refreshAfter(accessToken);
        }
        setState("verified");
      } catch (failure) {
        setError(failure);
        setState("failed");
      }
    })();
  }, [api]);

  return (
    <div className="signin">
      <h1>Confirm your e-mail address</h1>
      {state === "verifying" && <Spinner label="Confirming…" />}
      {state === "verified" && (
        <div className="card stack" role="status">
          <p>Thank you: your e-mail address is confirmed.</p>
          <button className="primary" onClick={() => navigate("/")}>Continue</button>
        </div>
      )}
      {state === "no-token" && (
        <p className="error" role="alert">This page needs the link from the e-mail.</p>
      )}
      {state === "failed" && (
        <div className="stack">
          <ErrorBox error={error} />
          <p className="muted">Signed in, you can ask for a new link from the banner at the top of the app.</p>
          <button onClick={() => navigate("/")}>Go to the app</button>
        </div>
      )}
    </div>
  );
}

/** A reminder for accounts whose address is not confirmed yet, with a button to send the link again. */
export function VerifyEmailBanner({ api }: { api: Api }) {
  const queryClient = useQueryClient();
  const me = useQuery({ queryKey: ["identity", "me"], queryFn: () => api.identity.getMe({}), staleTime: 60_000 });
  const [state, setState] = useState<"idle" | "sending" | "sent">("idle");
  const [error, setError] = useState<unknown>(null);
  const user = me.data?.user;
  if (!user || user.emailVerified) {
    return null;
  }
  const resend = async () => {
    setError(null);
    setState("sending");
    try {
      await api.identity.sendVerificationEmail({});
      setState("sent");
    } catch (failure) {
      setError(failure);
      setState("idle");
    }
  };
  return (
    <div className="notice banner" role="region" aria-label="E-mail address not confirmed">
      <span>Please confirm your e-mail address: we sent a link to <strong>{user.email}</strong>.</span>{" "}
      {state === "sent" ? (
        <span role="status">A new link is on its way.</span>
      ) : (
        <button className="link" onClick={resend} disabled={state === "sending"}>Send the link again</button>
      )}
      <button className="link" onClick={() => void queryClient.invalidateQueries({ queryKey: ["identity", "me"] })}>
        I have confirmed it
      </button>
      <ErrorBox error={error} onDismiss={() => setError(null)} />
    </div>
  );
}
