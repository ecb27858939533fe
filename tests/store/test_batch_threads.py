"""The in-batch thread planner: pure decisions about parents and threads."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from goodword.store.batch_threads import Link, NewThread, chain_heads, chains, places


def plan(
    parents: dict[str, str | None], stored: dict[str, tuple[int, int | None]]
) -> dict[str, tuple[int, int | None, object]]:
    """(post id, parent id, thread) per post; posts get ids 100, 101… in the order given and a
    new thread is named by its root (``"T:root"``)."""
    exts = list(parents)
    c = chains(exts, [parents[e] for e in exts])
    heads = chain_heads(c, exts, stored)
    ids = list(range(100, 100 + len(exts)))
    tids = {
        lk.thread.root: f"T:{lk.thread.root}"
        for lk in heads.values()
        if isinstance(lk.thread, NewThread)
    }
    placed = zip(ids, *places(c, ids, heads, tids), strict=True)  # type: ignore[arg-type]
    return dict(zip(exts, placed, strict=True))


def test_children_before_parents_join_the_root_thread() -> None:
    got = plan({"3": "2", "2": "1", "1": None}, {})
    assert got == {"3": (100, 101, "T:1"), "2": (101, 102, "T:1"), "1": (102, None, "T:1")}


def test_a_stored_parent_lends_its_thread_or_leaves_the_post_dirty() -> None:
    got = plan({"a": "1", "b": "2", "c": "a"}, {"1": (5, 7), "2": (6, None)})
    assert got == {"a": (100, 5, 7), "b": (101, 6, None), "c": (102, 100, 7)}


def test_missing_parent_makes_an_orphan_root() -> None:
    heads = chain_heads(chains(["a"], ["zz"]), ["a"], {})
    assert heads == {0: Link(None, NewThread("a", orphan=True))}


def test_a_self_answer_is_an_orphan_root() -> None:
    heads = chain_heads(chains(["a"], ["a"]), ["a"], {})
    assert heads == {0: Link(None, NewThread("a", orphan=True))}


def test_a_reply_cycle_is_broken_at_its_lowest_id() -> None:
    c = chains(["x", "y", "z"], ["y", "x", "x"])
    assert chain_heads(c, ["x", "y", "z"], {}) == {0: Link(None, NewThread("x", orphan=True))}
    assert plan({"x": "y", "y": "x", "z": "x"}, {}) == {
        "x": (100, None, "T:x"),
        "y": (101, 100, "T:x"),
        "z": (102, 100, "T:x"),
    }


def _reference(parents, ids, stored):  # type: ignore[no-untyped-def]
    """The planner as first written (path following with a visited set), for comparison."""
    threads: dict = {}
    broken: set = set()
    for ext in parents:
        if ext in threads:
            continue
        path: list = []
        on_path: set = set()
        cur = ext
        while True:
            if cur in threads:
                result = threads[cur]
                break
            if cur in on_path:
                cycle = path[path.index(cur) :]
                root = min(cycle, key=ids.__getitem__)
                broken.add(root)
                result = ("new", root, True)
                break
            path.append(cur)
            on_path.add(cur)
            parent = parents[cur]
            if parent is None or parent == cur:
                result = ("new", cur, parent is not None)
                break
            if parent in parents:
                cur = parent
                continue
            result = stored[parent][1] if parent in stored else ("new", cur, True)
            break
        for p in path:
            threads[p] = result

    def parent_id(ext):  # type: ignore[no-untyped-def]
        parent = parents[ext]
        if parent is None or parent == ext or ext in broken:
            return None
        if parent in ids:
            return ids[parent]
        return stored[parent][0] if parent in stored else None

    return {ext: (ids[ext], parent_id(ext), threads[ext]) for ext in parents}


_ids = st.sampled_from([str(i) for i in range(12)])


@given(
    st.dictionaries(_ids, st.one_of(st.none(), _ids, st.sampled_from(["s1", "s2", "gone"]))),
    st.booleans(),
)
def test_chains_decide_as_the_reference_planner(parents: dict, dirty: bool) -> None:
    stored = {"s1": (1, 10), "s2": (2, None if dirty else 20)}
    exts = list(parents)
    ids = {ext: 100 + i for i, ext in enumerate(exts)}
    c = chains(exts, [parents[e] for e in exts])
    heads = chain_heads(c, exts, stored)
    tids = {
        lk.thread.root: ("new", lk.thread.root, lk.thread.orphan)
        for lk in heads.values()
        if isinstance(lk.thread, NewThread)
    }
    id_list = list(ids.values())
    placed = zip(id_list, *places(c, id_list, heads, tids), strict=True)  # type: ignore[arg-type]
    got = dict(zip(exts, placed, strict=True))
    assert got == _reference(parents, ids, stored)
