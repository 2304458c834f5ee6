"""The kinds of document clausegen builds (a module of its own so that the
CLI can name them without importing the document model)."""

#: Every kind of document clausegen builds, in build order (one template each in templates/).
KINDS = ("schedule", "handbook", "settlement", "notice", "mediation-agreement")
