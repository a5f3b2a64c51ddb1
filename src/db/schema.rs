//! The schema, as an append-only list of migrations counted by `PRAGMA user_version`.
//! Never edit, remove or reorder a migration that has shipped: add a new one.

/// Migration N (1-based) is `MIGRATIONS[N - 1]`.
pub const MIGRATIONS: &[&str] = &[
    // 1: the whole mission's schema.
    r#"
CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    contact_type TEXT NOT NULL DEFAULT 'Individual'
        CHECK (contact_type IN ('Individual', 'Organization')),
    display_name TEXT NOT NULL DEFAULT '',
    first_name TEXT,
    middle_name TEXT,
    last_name TEXT,
    organization_name TEXT,
    is_opt_out INTEGER NOT NULL DEFAULT 0,
    is_deleted INTEGER NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL DEFAULT '',          -- what created it: import, activity account, ...
    created_at TEXT NOT NULL
);

CREATE TABLE emails (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    email TEXT NOT NULL,                          -- as given
    email_lc TEXT NOT NULL,                       -- trimmed, lower-cased: what matching compares
    is_primary INTEGER NOT NULL DEFAULT 0,
    on_hold INTEGER NOT NULL DEFAULT 0 CHECK (on_hold IN (0, 1, 2)),  -- 1 bounced, 2 opted out
    hold_date TEXT,
    reset_date TEXT
);
CREATE INDEX emails_by_address ON emails(email_lc);
CREATE INDEX emails_by_contact ON emails(contact_id);

CREATE TABLE groups (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

CREATE TABLE group_contacts (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('Added', 'Removed', 'Pending')),
    hash TEXT,                                    -- confirm token of a Pending membership
    updated_at TEXT NOT NULL,
    UNIQUE (group_id, contact_id)
);
CREATE INDEX group_contacts_by_contact ON group_contacts(contact_id);

CREATE TABLE mailings (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    account TEXT NOT NULL DEFAULT '',             -- the bounce account whose VERP identity it uses
    created_at TEXT NOT NULL
);

CREATE TABLE mailing_groups (
    mailing_id INTEGER NOT NULL REFERENCES mailings(id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    PRIMARY KEY (mailing_id, group_id)
);

CREATE TABLE mailing_jobs (
    id INTEGER PRIMARY KEY,
    mailing_id INTEGER NOT NULL REFERENCES mailings(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'Scheduled',
    created_at TEXT NOT NULL
);
CREATE INDEX mailing_jobs_by_mailing ON mailing_jobs(mailing_id);

-- The queue: one row per recipient of a job; its id and hash are in the VERP token.
CREATE TABLE mailing_recipients (
    id INTEGER PRIMARY KEY,
    job_id INTEGER NOT NULL REFERENCES mailing_jobs(id) ON DELETE CASCADE,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    email_id INTEGER REFERENCES emails(id) ON DELETE SET NULL,
    hash TEXT NOT NULL CHECK (length(hash) = 16)
);
CREATE INDEX mailing_recipients_by_job ON mailing_recipients(job_id);
CREATE INDEX mailing_recipients_by_email ON mailing_recipients(email_id);

CREATE TABLE bounce_types (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL,
    hold_threshold INTEGER NOT NULL CHECK (hold_threshold >= 0)  -- 0 = never hold
);
INSERT INTO bounce_types (name, description, hold_threshold) VALUES
    ('AOL', 'Terms of Service complaint', 1),
    ('Away', 'recipient is on vacation', 30),
    ('Dns', 'unable to resolve recipient domain', 3),
    ('Host', 'unable to deliver to destination mail server', 3),
    ('Inactive', 'user account is no longer active', 1),
    ('Invalid', 'email address is not valid', 1),
    ('Loop', 'mail routing error', 3),
    ('Quota', 'user inbox is full', 3),
    ('Relay', 'unable to reach destination mail server', 3),
    ('Spam', 'message caught by a content filter', 1),
    ('Syntax', 'error in SMTP transaction', 3),
    ('Blocked', 'rejected because of the sender, not the recipient', 0);

-- A mailing-level incident: many Spam/Blocked rejections at one receiving domain.
CREATE TABLE incidents (
    id INTEGER PRIMARY KEY,
    mailing_id INTEGER NOT NULL REFERENCES mailings(id) ON DELETE CASCADE,
    domain TEXT NOT NULL,
    bounce_type TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (mailing_id, domain, bounce_type)
);

CREATE TABLE bounce_events (
    id INTEGER PRIMARY KEY,
    recipient_id INTEGER REFERENCES mailing_recipients(id) ON DELETE SET NULL,
    email_id INTEGER REFERENCES emails(id) ON DELETE SET NULL,
    email TEXT NOT NULL,                          -- the failed address as reported
    bounce_type_id INTEGER NOT NULL REFERENCES bounce_types(id),
    reason TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT '',
    replycode TEXT NOT NULL DEFAULT '',
    diagnostic TEXT NOT NULL DEFAULT '',          -- valid UTF-8, at most 512 bytes
    module TEXT NOT NULL DEFAULT '',              -- the engine module that decoded it
    rule TEXT NOT NULL DEFAULT '',                -- the rule or status that decided the reason
    account TEXT NOT NULL,
    message_key TEXT NOT NULL,
    incident_id INTEGER REFERENCES incidents(id) ON DELETE SET NULL,
    recorded_at TEXT NOT NULL,                    -- when mailroom recorded it: holds count by this
    claimed_date TEXT                             -- the date the bounce claims
);
CREATE INDEX bounce_events_by_email ON bounce_events(email_id, recorded_at);
CREATE INDEX bounce_events_by_recipient ON bounce_events(recipient_id);

-- Holds placed and released, for reports and `explain`.
CREATE TABLE hold_log (
    id INTEGER PRIMARY KEY,
    email_id INTEGER NOT NULL REFERENCES emails(id) ON DELETE CASCADE,
    action TEXT NOT NULL CHECK (action IN ('hold', 'unhold', 'release')),
    bounce_type TEXT,
    why TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL
);
CREATE INDEX hold_log_by_email ON hold_log(email_id);

CREATE TABLE unsubscribe_events (
    id INTEGER PRIMARY KEY,
    recipient_id INTEGER REFERENCES mailing_recipients(id) ON DELETE SET NULL,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    kind TEXT NOT NULL CHECK (kind IN ('unsubscribe', 'optout', 'resubscribe')),
    account TEXT NOT NULL,
    message_key TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX unsubscribe_events_by_recipient ON unsubscribe_events(recipient_id);

CREATE TABLE reply_events (
    id INTEGER PRIMARY KEY,
    recipient_id INTEGER REFERENCES mailing_recipients(id) ON DELETE SET NULL,
    account TEXT NOT NULL,
    message_key TEXT NOT NULL,
    forwarded_at TEXT,
    recorded_at TEXT NOT NULL
);

CREATE TABLE confirm_events (
    id INTEGER PRIMARY KEY,
    group_contact_id INTEGER REFERENCES group_contacts(id) ON DELETE SET NULL,
    account TEXT NOT NULL,
    message_key TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);

CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    activity_type TEXT NOT NULL,
    status TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    activity_date TEXT NOT NULL,
    details_text TEXT NOT NULL DEFAULT '',
    details_html TEXT,
    message_id TEXT,
    in_reply_to TEXT,
    references_ids TEXT,
    parent_id INTEGER REFERENCES activities(id) ON DELETE SET NULL,
    case_ref TEXT,
    dropped_attachments TEXT NOT NULL DEFAULT '',
    message_key TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX activities_by_message_id ON activities(message_id);
CREATE INDEX activities_by_date ON activities(activity_date);

CREATE TABLE activity_contacts (
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('source', 'target', 'assignee')),
    PRIMARY KEY (activity_id, contact_id, role)
);
CREATE INDEX activity_contacts_by_contact ON activity_contacts(contact_id);

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL,                         -- content hash: the stored file's name
    file_name TEXT NOT NULL,                      -- the original name, sanitised
    mime_type TEXT NOT NULL,
    size INTEGER NOT NULL
);
CREATE INDEX attachments_by_activity ON attachments(activity_id);

-- One row per message handled, per account: what was decided and why.
CREATE TABLE ledger (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    message_key TEXT NOT NULL,                    -- <Message-ID>, else sha256:<body hash>
    file_sha256 TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('processed', 'ignored')),
    reason TEXT NOT NULL,
    file_name TEXT NOT NULL,
    handled_at TEXT NOT NULL,
    UNIQUE (account, message_key)
);
CREATE INDEX ledger_by_time ON ledger(account, handled_at);
"#,
    // 2: the recipient domain on bounce events, so the incident guard finds a mailing's
    // rejections at one domain without scanning every event.
    r#"
ALTER TABLE bounce_events ADD COLUMN domain TEXT NOT NULL DEFAULT '';
UPDATE bounce_events SET domain = lower(substr(email, instr(email, '@') + 1)) WHERE instr(email, '@') > 0;
CREATE INDEX bounce_events_by_domain ON bounce_events(domain, bounce_type_id);
"#,
    // 3: the mailing whose bounces placed or released a hold, for the mailing report.
    r#"
ALTER TABLE hold_log ADD COLUMN mailing_id INTEGER REFERENCES mailings(id) ON DELETE SET NULL;
CREATE INDEX hold_log_by_mailing ON hold_log(mailing_id);
CREATE INDEX unsubscribe_events_by_contact ON unsubscribe_events(contact_id);
CREATE INDEX reply_events_by_recipient ON reply_events(recipient_id);
"#,
];
