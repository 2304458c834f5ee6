"""Building a library of regimes: a project file, parallel and incremental builds."""
