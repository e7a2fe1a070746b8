"""Abstract argumentation semantics for argmap.

Pure computation on Dung frameworks (:mod:`~argmap.semantics.dung`), the ASPARTIX
file format (:mod:`~argmap.semantics.apx`) and bipolar derived attacks
(:mod:`~argmap.semantics.bipolar`).  Importing this package loads neither
networkx nor clingo; clingo is imported the first time a complete, preferred or
stable semantics is evaluated (see :mod:`argmap.semantics.dung`).
"""

from argmap.semantics.apx import parse_apx, read_apx, to_apx
from argmap.semantics.bipolar import (
    associated_framework,
    derived_attacks,
    secondary_attacks,
    supported_attacks,
)
from argmap.semantics.dung import (
    ENGINES,
    SEMANTICS,
    Engine,
    Evaluation,
    Framework,
    FrameworkError,
    Label,
    Semantics,
    SolverUnavailable,
    complete_extensions,
    defends,
    evaluate,
    grounded_extension,
    grounded_labelling,
    is_admissible,
    is_complete,
    is_complete_labelling,
    is_conflict_free,
    is_preferred,
    is_stable,
    labelling_from_extension,
    preferred_extensions,
    stable_extensions,
)

__all__ = [
    "ENGINES",
    "SEMANTICS",
    "Engine",
    "Evaluation",
    "Framework",
    "FrameworkError",
    "Label",
    "Semantics",
    "SolverUnavailable",
    "associated_framework",
    "complete_extensions",
    "defends",
    "derived_attacks",
    "evaluate",
    "grounded_extension",
    "grounded_labelling",
    "is_admissible",
    "is_complete",
    "is_complete_labelling",
    "is_conflict_free",
    "is_preferred",
    "is_stable",
    "labelling_from_extension",
    "parse_apx",
    "preferred_extensions",
    "read_apx",
    "secondary_attacks",
    "stable_extensions",
    "supported_attacks",
    "to_apx",
]
