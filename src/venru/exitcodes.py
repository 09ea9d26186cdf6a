"""Exit codes, documented in the README and in `venru --help`."""

OK = 0  # success (a listing with no match is still a success: it prints [] or an empty table)
NOT_FOUND = 1  # `show` found no record for the id or name
USAGE = 2  # wrong command, option or argument
UNUSABLE = 3  # the fact base cannot be used: missing, unreadable, not YAML, or invalid
TOOL_MISSING = 69  # a program venru runs is missing or failed: Graphviz `dot` (EX_UNAVAILABLE)
INTERNAL = 70  # a bug in venru itself (EX_SOFTWARE); --debug shows the traceback
CANNOT_WRITE = 73  # an output file cannot be written: folder, permission, full disk, not ours (EX_CANTCREAT)
SIGNALLED = 128  # stopped by signal N (SIGINT, SIGTERM, SIGHUP): exit 128 + N, clean-ups done
INTERRUPTED = 130  # SIGNALLED + 2 (SIGINT): stopped by Ctrl-C

SUMMARY = (
    "Exit codes: 0 ok, 1 nothing found (show), 2 usage error, 3 fact base unusable, 69 Graphviz missing,"
    " 70 internal error, 73 cannot write the output file, 128+N stopped by signal N (130: Ctrl-C)."
)
