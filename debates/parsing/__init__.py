"""Django-free parsers: each turns one kind of source document into plain dataclasses."""
