"""The edition rendered: HTML blocks, generated pages, the search index, calculator tables
and forms, and what makes the built site safe to publish. Knows nothing of MkDocs."""
