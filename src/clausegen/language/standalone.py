"""Regenerate the pre-built parser (_lalr.py) from grammar/regime.lark.

Building Lark's LALR tables from the grammar took about a third of
`clausegen check`; importing lark itself another sixth. Lark's stand-alone
generator writes the tables and the small runtime that reads them into one
module, so a run imports that module and builds nothing. The module is
generated, never edited: run

    python -m clausegen.language.standalone

after changing the grammar. tests/test_fast_check.py fails while it is stale.
PYTHONHASHSEED is fixed because Lark writes its tables in set order.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any, TypedDict

from ..resources import data_dir

TARGET = Path(__file__).with_name("_lalr.py")
HEADER = (
    "# Generated from grammar/regime.lark by `python -m clausegen.language.standalone`:\n"
    "# do not edit. The code below is Lark's stand-alone runtime (MPL-2.0, see its\n"
    "# licence note), then the parse tables.\n"
)

# The parser the language has always used (LALR, positions on, no
# placeholders), written out by Lark's own stand-alone generator.
_GENERATOR = """
import sys
from lark import Lark
from lark.tools.standalone import gen_standalone
with open(sys.argv[1], encoding="utf-8") as f:
    grammar = f.read()
gen_standalone(Lark(grammar, parser="lalr", propagate_positions=True, maybe_placeholders=False))
"""


def generate() -> str:
    """The text of _lalr.py for the grammar as it is now (needs lark installed)."""
    grammar = data_dir("grammar") / "regime.lark"
    env = dict(os.environ, PYTHONHASHSEED="0")
    done = subprocess.run(
        [sys.executable, "-c", _GENERATOR, str(grammar)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return HEADER + done.stdout


class ParserTables(TypedDict):
    """A generated parser, numbered so that equal parsers compare equal (see `tables`)."""

    table: dict[int, dict[str, tuple[int, int | str]]]  # state -> token -> (action, next state or rule)
    unreached: int  # states no walk from the start state reaches
    end: int  # the end state
    rules: list[str]
    terminals: list[str]
    parser_rules: list[str]
    rest: str  # everything else, as text


def tables(text: str) -> ParserTables:
    """The parser a generated module holds, in a form that compares equal for equal parsers.

    Lark numbers LALR states and memo entries in set order, which differs
    from run to run, so the text of two builds of one grammar differs. Here
    memo references are replaced by what they refer to and states are
    renumbered in the order a walk from the start state meets them (tokens
    by name).
    """
    scope: dict[str, Any] = {}  # the generated literals: nested dicts, lists and tuples
    exec(text[text.index("\nDATA = (") : text.index("\nShift = 0")], scope)  # literals only
    memo = scope["MEMO"]

    def resolve(obj: Any) -> Any:
        if isinstance(obj, dict):
            if set(obj) == {"@"}:
                return resolve(memo[obj["@"]])
            return {k: resolve(v) for k, v in obj.items()}
        if isinstance(obj, (list, tuple)):
            return type(obj)(resolve(v) for v in obj)
        return obj

    data = scope["DATA"]
    parser = data["parser"]["parser"]
    names = parser["tokens"]
    states = parser["states"]
    order: dict[int, int] = {}
    todo = [parser["start_states"]["start"]]
    while todo:
        state = todo.pop(0)
        if state in order:
            continue
        order[state] = len(order)
        for _token, (action, arg) in sorted(states[state].items(), key=lambda item: names[item[0]]):
            if action == 0:  # shift (or goto): another state
                todo.append(arg)
    table = {
        order[state]: {names[t]: (a, order[arg] if a == 0 else repr(resolve(arg))) for t, (a, arg) in actions.items()}
        for state, actions in states.items()
        if state in order
    }
    rest = resolve(
        {k: v for k, v in data.items() if k != "parser"}
        | {"lexer_conf": data["parser"]["lexer_conf"], "parser_conf": data["parser"]["parser_conf"]}
    )
    return {
        "table": table,
        "unreached": len(states) - len(order),
        "end": order[parser["end_states"]["start"]],
        "rules": sorted(map(repr, rest.pop("rules"))),
        "terminals": sorted(map(repr, rest["lexer_conf"].pop("terminals"))),
        "parser_rules": sorted(map(repr, rest["parser_conf"].pop("rules"))),
        "rest": repr(rest),
    }


def main() -> None:
    """Write _lalr.py."""
    TARGET.write_text(generate(), encoding="utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
