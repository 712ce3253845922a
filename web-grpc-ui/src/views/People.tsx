import { useApp } from "../context";
import { navigate } from "../router";
import { PeopleSearch } from "./PeopleSearch";

/** /people: find someone by name and open their profile. */
export function PeopleView() {
  const { user } = useApp();
  return (
    <section className="stack people">
      <h2>People</h2>
      <PeopleSearch label="Find people" actionLabel="profile"
        onPick={(profile) => navigate(profile.userId === user.userId ? "/me/profile" : `/people/${profile.userId}`)} />
    </section>
  );
}
