"""The language server (`clausegen lsp`): editor help for .regime files.

`analysis` does the work in plain Python (diagnostics, symbols, completion,
hover) so it can be tested and timed without an editor: it checks a
document and answers the server's questions, with the index of ids in
`symbols`, completion in `completion` and keyword meanings from the
language reference in `keyword_docs`. `server` wires it to the Language
Server Protocol through pygls, the optional extra `lsp`.
"""
