"""The regime language: source text -> AST -> regime model, then the checks of a good regime.

parser.py (text -> AST; syntax_errors.py says what Lark's errors mean, tree_to_ast.py builds the AST
of ast.py), builder.py (AST -> model, reading each block by its table in the vocabulary package with
reader.py and the values.py cursor; assembly.py builds the final forum and the limitation period), checks/ (the rules of a good regime,
one module per part of the regime; routes.py for routes and Arb-Med-Arb), fmt.py (`clausegen fmt`).
"""
