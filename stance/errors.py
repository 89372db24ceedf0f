"""Exceptions. Messages say what was expected, what came, and how to fix it."""

from __future__ import annotations


class StanceError(Exception):
    """Base class of every error this package raises on purpose."""


class InputError(StanceError):
    """A document could not be read. ``source`` names the file (and line, where there is one)."""

    def __init__(self, source: str, message: str, *, line: int | None = None) -> None:
        self.source = source
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")


class TargetError(StanceError, ValueError):
    """A target file is malformed or a target id is unknown."""


class ModelError(StanceError):
    """A model directory is missing, incomplete, corrupt or unsafe."""


class CorpusError(StanceError, ValueError):
    """Training or evaluation data does not follow the expected schema."""


def missing_extra(err: ImportError, extra: str = "model") -> StanceError:
    """The error for a feature whose optional dependencies are not installed (``raise missing_extra(err) from err``)."""
    return StanceError(
        f"{err.name or 'a dependency'} is not installed, and this needs it: install the [{extra}] "
        f"extra, pip install 'policy-stance[{extra}]'"
    )


class OptionsError(StanceError, ValueError):
    """Options that would destroy input or mix runs (an output that is an input, a resume with other options).
    The command line exits with status 2 for these, as for any other usage error."""
