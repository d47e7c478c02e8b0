from inventory.enums import Qualifier
from inventory.values import QValue, combine, format_value


def test_format_keeps_qualifier_in_both_languages() -> None:
    assert format_value("range", None, 80, 90) == "80–90"
    assert format_value("approximate", 200, None, None, "nl") == "ca. 200"
    assert format_value("approximate", 200, None, None, "en") == "about 200"
    assert format_value("at_least", 100, None, None, "nl") == "ruim 100"
    assert format_value("exact", 1435, None, None, "nl") == "1.435"
    assert format_value("exact", 1435, None, None, "en") == "1,435"


def test_sum_with_a_range_stays_a_range() -> None:
    total = combine([QValue(Qualifier.RANGE, None, 80, 90), QValue(Qualifier.EXACT, 20)])
    assert total == QValue(Qualifier.RANGE, None, 100, 110)


def test_sum_keeps_weakest_qualifier() -> None:
    assert combine([QValue(Qualifier.EXACT, 1), QValue(Qualifier.EXACT, 2)]) == QValue(Qualifier.EXACT, 3)
    assert combine([QValue(Qualifier.APPROXIMATE, 200), QValue(Qualifier.EXACT, 5)]).qualifier is Qualifier.APPROXIMATE
    assert combine([QValue(Qualifier.AT_LEAST, 10), QValue(Qualifier.EXACT, 5)]) == QValue(Qualifier.AT_LEAST, 15)
    assert combine([]) is None
