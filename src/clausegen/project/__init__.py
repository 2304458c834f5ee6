"""A library of regimes built as one project (a folder with a `clausegen.toml`).

- config: reading `clausegen.toml` into a Project of RegimeJobs, and sharding
  them for CI matrices (tomlpos finds the line and column of its keys).
- engine: building every job of a project in parallel and incrementally, or
  checking that what is on disk is up to date.
- report: progress on a terminal, JSON and JUnit reports.
- watch: rebuilding what a change to a regime, clause or template affects.
"""
