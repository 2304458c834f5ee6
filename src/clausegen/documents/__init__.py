"""Documents: clause library, templates and assembly into the document model.

assemble     regime + template + clause library -> a Document (the assembler)
templates    templates/<kind>.toml read and its shape checked
outline      the clause tree reshaped: lone clauses merged, unused optional definitions dropped
consistency  cross-references and defined terms checked in the assembled document
failures     a clause that fails to render, as a diagnostic at its line
context      what clause templates see: the regime and the helpers that word it
figures      the ladder and timeline figures and signature blocks
regions      the place a holiday calendar follows, in words
markup       clause markup -> blocks (paragraphs, lists, sub-clauses, tables)
inlines      inline clause markup and escaping of regime text
library      clause files, variants and organisation overrides
libfiles     reading library files safely (inside the library, small, UTF-8)
cache        compiled clause templates kept between runs
sandbox      the Jinja environment and the budget of one render (time, output, work)
limits       the size of what one operation of a clause may make
problems     ClauseProblem, the library's one exception
"""
