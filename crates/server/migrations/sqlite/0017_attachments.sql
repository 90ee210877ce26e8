-- Evidence attached to evaluations (pictures, pasted text), known by the SHA-256 of their bytes. The bytes are
-- in the object store (a folder beside the database, or S3): a file whole and checked under `files/<sha256>`,
-- shared by every shopper who uploaded the same bytes; the chunks of an upload on the way under
-- `partial/<shopper>/<sha256>/<offset>`, removed once the file is whole. The database holds who uploaded what
-- and how far each upload is, so an upload resumes after a restart and on another server instance.
CREATE TABLE attachment_files (
    sha256    TEXT   NOT NULL PRIMARY KEY,
    size      INTEGER NOT NULL,
    stored_at TEXT   NOT NULL
);
CREATE TABLE attachment_uploads (
    shopper_id   TEXT   NOT NULL REFERENCES shoppers (id),
    sha256       TEXT   NOT NULL,
    content_type TEXT   NOT NULL,
    size         INTEGER NOT NULL,
    received     INTEGER NOT NULL DEFAULT 0, -- bytes held from the start: the next chunk's offset
    started_at   TEXT   NOT NULL,
    completed_at TEXT,                      -- set once the whole file's hash was checked
    PRIMARY KEY (shopper_id, sha256)
);
