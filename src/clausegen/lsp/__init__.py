"""The language server (`clausegen lsp`): editor help for .regime files.

`analysis` does the work in plain Python (diagnostics, symbols, completion,
hover) so it can be tested and timed without an editor; `server` wires it to
the Language Server Protocol through pygls, the optional extra `lsp`.
"""
