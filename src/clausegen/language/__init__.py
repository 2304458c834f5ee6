"""The regime language: parser (text -> AST), builder (AST -> model), checks."""
