"""Documents: clause library, templates and assembly into the document model."""
