"""The `spar` command line."""
