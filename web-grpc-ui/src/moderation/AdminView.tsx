import { useId, useRef, useState, type KeyboardEvent } from "react";
import { AuditLog } from "./AuditLog";
import { ReportsQueue } from "./ReportsQueue";
import { UsersAdmin } from "./UsersAdmin";

const TABS = [
  { id: "reports", label: "Reports" },
  { id: "audit", label: "Audit log" },
  { id: "users", label: "Users" },
] as const;
type TabId = (typeof TABS)[number]["id"];

/**
 * The admin area (/admin, linked only for admins; the services refuse every call of others anyway): the open
 * reports, the audit log and the people's accounts, as ARIA tabs (←/→, Home/End move between them).
 */
export function AdminView() {
  const [tab, setTab] = useState<TabId>("reports");
  const base = useId();
  const buttons = useRef(new Map<TabId, HTMLButtonElement>());
  const select = (index: number) => {
    const next = TABS[(index + TABS.length) % TABS.length]!.id;
    setTab(next);
    buttons.current.get(next)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const at = TABS.findIndex((t) => t.id === tab);
    const moves: Record<string, number> = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: TABS.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      select(moves[event.key]!);
    }
  };
  return (
    <section className="admin stack">
      <h1>Admin</h1>
      <div className="tabs" role="tablist" aria-label="Admin" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button key={t.id} role="tab" id={`${base}-${t.id}-tab`} aria-controls={`${base}-${t.id}`}
            aria-selected={tab === t.id} tabIndex={tab === t.id ? 0 : -1} className={tab === t.id ? "active" : ""}
            ref={(el) => { if (el) buttons.current.set(t.id, el); }} onClick={() => setTab(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${base}-${tab}`} aria-labelledby={`${base}-${tab}-tab`} className="stack">
        {tab === "reports" && <ReportsQueue />}
        {tab === "audit" && <AuditLog />}
        {tab === "users" && <UsersAdmin />}
      </div>
    </section>
  );
}
