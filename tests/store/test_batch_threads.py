"""The in-batch thread planner: pure decisions about parents and threads."""

from goodword.store.batch_threads import Link, NewThread, plan


def test_children_before_parents_join_the_root_thread() -> None:
    links = plan({"3": "2", "2": "1", "1": None}, {"3": 10, "2": 11, "1": 12}, {})
    assert links["3"] == Link(11, NewThread("1", orphan=False))
    assert links["1"] == Link(None, NewThread("1", orphan=False))


def test_a_stored_parent_lends_its_thread_or_leaves_the_post_dirty() -> None:
    stored = {"1": (5, 7), "2": (6, None)}
    links = plan({"a": "1", "b": "2"}, {"a": 10, "b": 11}, stored)
    assert links["a"] == Link(5, 7)
    assert links["b"] == Link(6, None)  # parent not threaded yet: rethread decides later


def test_missing_parent_makes_an_orphan_root() -> None:
    assert plan({"a": "zz"}, {"a": 1}, {})["a"] == Link(None, NewThread("a", orphan=True))


def test_a_reply_cycle_is_broken_at_its_lowest_id() -> None:
    links = plan({"x": "y", "y": "x", "z": "x"}, {"x": 3, "y": 2, "z": 9}, {})
    assert {lk.thread for lk in links.values()} == {NewThread("y", orphan=True)}
    assert links["y"].parent_id is None and links["x"].parent_id == 2
