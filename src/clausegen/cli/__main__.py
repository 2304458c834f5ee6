"""`python -m clausegen.cli`: the command line, as the `clausegen` script runs it."""

from clausegen.cli import main

main()
