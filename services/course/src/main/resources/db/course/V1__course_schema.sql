-- Trigram similarity for search: finds `cpsc310` in `CPSC 310` and tolerates typos in titles.
create extension if not exists pg_trgm;

-- Terms. `code` is the importers' natural key; `state` says whether enrolment may change.
create table terms (
    id         uuid        primary key,
    code       varchar(16) not null,
    name       varchar(80) not null,
    start_date date        not null,
    end_date   date        not null,
    state      varchar(8)  not null check (state in ('OPEN', 'CLOSED')),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    constraint terms_dates_ordered check (end_date >= start_date)
);
create unique index terms_code_key on terms (code);

-- Courses, independent of terms. `code` is `DEPT 123[A]`; `department` is its first part.
create table courses (
    id              uuid          primary key,
    code            varchar(10)   not null,
    department      varchar(5)    not null,
    department_name varchar(100)  not null,
    title           varchar(200)  not null,
    description     varchar(4000) not null,
    credits         integer       not null check (credits between 0 and 12),
    created_at      timestamptz   not null,
    updated_at      timestamptz   not null,
    -- Search: the code without its space (`cpsc310`), which people type, for equality, prefix and trigram matches.
    compact_code    varchar(10)   generated always as (lower(replace(code, ' ', ''))) stored,
    -- Search: code (both spellings) weighs most, then title, then description. Titles and descriptions are stemmed
    -- as English; the code is not (`simple`), so `310` and `cpsc310` stay whole tokens.
    search_vector   tsvector      generated always as (
        setweight(to_tsvector('simple', code || ' ' || replace(code, ' ', '')), 'A')
            || setweight(to_tsvector('english', title), 'B')
            || setweight(to_tsvector('english', description), 'C')) stored
);
create unique index courses_code_key on courses (code);
create index courses_department_idx on courses (department, code);
create index courses_search_idx on courses using gin (search_vector);
create index courses_compact_code_trgm_idx on courses using gin (compact_code gin_trgm_ops);
create index courses_title_trgm_idx on courses using gin (lower(title) gin_trgm_ops);

-- Sections: one offering of a course in a term. `enrolled_count` is the seat counter that Enroll raises with a
-- conditional update (never above capacity); it may exceed a capacity that an import lowered later.
create table sections (
    id                 uuid         primary key,
    course_id          uuid         not null references courses (id),
    term_id            uuid         not null references terms (id),
    section_code       varchar(8)   not null,
    instructor_user_id uuid,
    schedule           varchar(200) not null,
    capacity           integer      not null check (capacity between 1 and 10000),
    enrolled_count     integer      not null default 0 check (enrolled_count >= 0),
    max_group_size     integer      not null check (max_group_size between 2 and 50),
    created_at         timestamptz  not null,
    updated_at         timestamptz  not null
);
create unique index sections_natural_key on sections (course_id, term_id, section_code);
create index sections_term_idx on sections (term_id);
create index sections_instructor_idx on sections (instructor_user_id) where instructor_user_id is not null;

-- Modules and lessons of a course; a module's natural key is its position in the course, a lesson's its position
-- in the module. Lessons carry their course id so that progress queries need no join.
create table modules (
    id         uuid         primary key,
    course_id  uuid         not null references courses (id),
    position   integer      not null check (position between 1 and 100),
    title      varchar(200) not null,
    created_at timestamptz  not null,
    updated_at timestamptz  not null
);
create unique index modules_natural_key on modules (course_id, position);

create table lessons (
    id               uuid         primary key,
    module_id        uuid         not null references modules (id) on delete cascade,
    course_id        uuid         not null references courses (id),
    position         integer      not null check (position between 1 and 100),
    title            varchar(200) not null,
    duration_minutes integer      not null check (duration_minutes between 0 and 600)
);
create unique index lessons_natural_key on lessons (module_id, position);
create index lessons_course_idx on lessons (course_id);

-- One row per student and section, ever: a drop flips it to DROPPED, enrolling again flips it back.
create table enrollments (
    section_id  uuid        not null references sections (id),
    user_id     uuid        not null,
    course_id   uuid        not null references courses (id),
    status      varchar(8)  not null check (status in ('ENROLLED', 'DROPPED')),
    enrolled_at timestamptz not null,
    dropped_at  timestamptz,
    primary key (section_id, user_id)
);
create index enrollments_user_idx on enrollments (user_id, enrolled_at desc, section_id);
create index enrollments_roster_idx on enrollments (section_id, enrolled_at, user_id) where status = 'ENROLLED';
create index enrollments_user_course_idx on enrollments (user_id, course_id) where status = 'ENROLLED';

-- Completed lessons; the primary key makes CompleteLesson idempotent.
create table lesson_completions (
    user_id      uuid        not null,
    lesson_id    uuid        not null references lessons (id) on delete cascade,
    course_id    uuid        not null references courses (id),
    completed_at timestamptz not null,
    primary key (user_id, lesson_id)
);
create index lesson_completions_progress_idx on lesson_completions (user_id, course_id);
