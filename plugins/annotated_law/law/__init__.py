"""The law as data: the official texts, the validated model, commentary, cross-references,
differences between texts and citations. Knows nothing of a site or of MkDocs."""
