"""The edges that touch files, git and the network.

Reading within limits (regular files only), YAML, schemas, atomic writes, git and GitHub.
"""
