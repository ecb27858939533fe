"""``python -m goodword``: the same as the ``goodword`` command."""

from goodword.cli import main

main()
