"""Confidential words sealed with age: the format (`age`), who reads a value (`readers`),
and a repository's words opened for whoever holds a key (`open`)."""
