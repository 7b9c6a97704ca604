"""`python -m perfcode`: the same command as `perfcode`."""

try:
    from perfcode.cli import console
except KeyboardInterrupt:  # Ctrl-C while Python starts: no traceback
    raise SystemExit(130) from None

raise SystemExit(console())
