from decimal import Decimal

from selection.scoring import Weight, score, sensitivity

W = [Weight("a", "chance", Decimal(2)), Weight("b", "chance", Decimal(1)), Weight("r", "risk", Decimal(1))]


def test_weighted_means_and_missing_inputs_are_left_out():
    items = [("x", "X", {"a": Decimal(1), "b": Decimal(0), "r": Decimal("0.25")}),
             ("y", "Y", {"a": Decimal("0.5"), "b": None, "r": None})]
    ranked = {s.key: s for s in score(items, W)}
    assert ranked["x"].chance == Decimal("66.7") and ranked["x"].risk == Decimal("75.0")
    assert ranked["y"].chance == Decimal("50.0") and ranked["y"].risk is None
    assert ranked["y"].missing == ["b", "r"]
    assert ranked["y"].rank == 1 and ranked["x"].rank == 2  # net 50 vs -8.3


def test_zero_weight_is_ignored_and_ties_break_on_chance_then_name():
    weights = [Weight("a", "chance", Decimal(1)), Weight("r", "risk", Decimal(0))]
    items = [("b", "Bet", {"a": Decimal("0.5"), "r": Decimal(0)}), ("a", "Alef", {"a": Decimal("0.5"), "r": Decimal(1)})]
    assert [s.name for s in score(items, weights)] == ["Alef", "Bet"]


def test_sensitivity_reports_rank_changes():
    items = [("x", "X", {"a": Decimal(1), "b": Decimal(0), "r": Decimal(1)}),
             ("y", "Y", {"a": Decimal(0), "b": Decimal(1), "r": Decimal(1)})]
    rows = {row["weight"].input: row for row in sensitivity(items, W)}
    assert rows["a"]["zero"] == [("Y", 2, 1), ("X", 1, 2)]
    assert rows["a"]["doubled"] == []
