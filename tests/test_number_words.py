"""Numbers in words in formal drafting: every period up to 999 reads "one hundred and thirty (130)"."""

from hypothesis import given
from hypothesis import strategies as st

from clausegen.documents.context import number


@given(st.integers(min_value=0, max_value=999))
def test_every_number_below_a_thousand_is_in_words_then_digits(n):
    said = number(n)
    words, digits = said.rsplit(" (", 1)
    assert digits == f"{n})"
    assert words and not any(c.isdigit() for c in words)
    assert number(n, "plain") == str(n)


def test_hundreds_are_said_as_a_drafter_says_them():
    assert number(130) == "one hundred and thirty (130)"
    assert number(200) == "two hundred (200)"
    assert number(105) == "one hundred and five (105)"
    assert number(1000) == "1000"
