"""A library of regimes built as one project (a folder with a `clausegen.toml`).

- jobs: what a build is made of (Project, RegimeJob, Overrides from the
  command line; WriterOptions is the writers') and `shard`, the shares of a CI matrix.
- config: `load_project`, reading `clausegen.toml` into a Project; settings
  reads the file and one regime's settings, layout the library as a whole
  (tomlpos finds the line and column of its keys).
- engine: `build_project`, building every job of a project in parallel and
  incrementally, or checking that what is on disk is up to date; the work
  is shared by incremental (unchanged or not; writing), pool (the workers),
  worker (one regime in memory), pruning (regimes no longer in the library),
  cache (build records and the key's inputs) and results (RegimeResult).
- report: progress on a terminal (progress), JSON (json_report) and JUnit
  (junit_report) reports, in the words they share (wording).
- watch: rebuilding what a change to a regime, clause or template affects.
"""
