"""Project-level tests: settings, configuration docs, the command line."""
