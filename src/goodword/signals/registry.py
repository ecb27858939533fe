"""The one place analyzers are registered.

Built-in analyzers register here exactly like outside ones. A package adds its own in one
of two ways:

* call :func:`register` with a factory (a class or any callable returning an analyzer);
* declare an entry point in the ``goodword.analyzers`` group naming such a factory.

:func:`default_analyzers` builds and fits every registered analyzer, in registration order.
An analyzer must follow :class:`goodword.signals.base.Analyzer`: ``name``, ``version``,
``signals``, ``fit() -> self`` and a batch ``predict(batch) -> {signal: Column}``.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points

from goodword.errors import ModelError
from goodword.signals.analyzers import DelightOccasions, IssueTaxonomy, TextSignals
from goodword.signals.base import Analyzer

ENTRY_POINT_GROUP = "goodword.analyzers"

Factory = Callable[[], Analyzer]

_REGISTRY: dict[str, Factory] = {}


def register(name: str, factory: Factory) -> None:
    """Add (or replace) the analyzer ``name``, built by ``factory()`` when needed."""
    _REGISTRY[name] = factory


def unregister(name: str) -> None:
    """Remove the analyzer ``name`` if it is registered."""
    _REGISTRY.pop(name, None)


def registered() -> dict[str, Factory]:
    """Every registered factory, built-ins first, then entry points."""
    found = dict(_REGISTRY)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(ep.name, ep.load())
    return found


BACKENDS = ("linear", "transformer", "embeddings")


def analyzers_for(backend: str = "linear") -> list[Analyzer]:
    """The default analyzers, the text analyzer swapped for ``backend``'s
    (:func:`text_analyzer`)."""
    analyzers = default_analyzers()
    if backend == "linear":
        return analyzers
    text = text_analyzer(backend)
    return [text if a.name == TextSignals.name else a for a in analyzers]


def text_analyzer(backend: str = "linear") -> Analyzer:
    """The fitted text analyzer of ``backend``: linear (the words heads), transformer (their
    signals, sentiment from the fine-tuned MiniLM run by ONNX Runtime) or embeddings (from
    the optional extra)."""
    if backend not in BACKENDS:
        raise ModelError(
            f"unknown signals backend {backend!r}: choose one of {', '.join(BACKENDS)}"
        )
    if backend == "linear":
        return TextSignals().fit()
    if backend == "transformer":
        from goodword.signals.transformer import TransformerSignals  # loads ONNX Runtime

        return TransformerSignals().fit()
    from goodword.signals.embeddings import EmbeddingSignals  # only with goodword[embeddings]

    return EmbeddingSignals().fit()


def default_analyzers() -> list[Analyzer]:
    """Every registered analyzer, built and fitted."""
    analyzers = []
    for name, factory in registered().items():
        analyzer = factory()
        if not isinstance(analyzer, Analyzer):
            raise ModelError(f"analyzer {name!r} does not follow the Analyzer protocol")
        analyzers.append(analyzer.fit())
    return analyzers


register(TextSignals.name, TextSignals)
register(DelightOccasions.name, DelightOccasions)
register(IssueTaxonomy.name, IssueTaxonomy)
