//! The server's integration tests, one module per area in one test binary: each starts the real server (in
//! this process on 127.0.0.1:0, or the built binary where a test kills it) on a fresh SQLite file, or on a new
//! PostgreSQL database when `SHOPPER_TEST_DATABASE_URL` names a PostgreSQL server.

mod common;

mod access;
mod api;
mod attachments;
mod audit;
mod campaign;
mod connections;
mod console;
mod definitions;
mod drafts;
mod durability;
mod faults;
mod floors;
mod forgery;
mod garbage;
mod hardening;
mod imports;
mod limits;
mod logs;
mod openapi;
mod organizer;
mod plan;
mod portal;
mod results;
mod review;
mod roster;
mod waves;
