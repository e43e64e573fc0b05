"""One module per sub-command: add_parser(subparsers) registers it, run(args) does it and returns the exit code."""
