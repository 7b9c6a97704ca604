"""One module per command; each `run` takes typed keyword arguments and returns an exit code."""
