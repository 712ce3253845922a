-- Who is enrolled in which course section, from course's EnrollmentChanged (topic cohort.course.enrollments),
-- applied once per event id: people sharing a section are classmates for the contact rules (ADR 0036), as they are
-- for profile (ADR 0031). Chat decides from these rows, never by calling course or profile.
create table section_members (
    section_id uuid not null,
    user_id    uuid not null,
    primary key (section_id, user_id)
);
-- "The sections of this person", the first step of the classmate check; the key then finds the others.
create index section_members_by_user on section_members (user_id, section_id);
