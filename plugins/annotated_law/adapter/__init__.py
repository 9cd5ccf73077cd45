"""The thin MkDocs plugin (entry point ``annotated-law``): it calls the core for every step."""
