"""The desk's configuration as the domain sees it, built from a plain mapping (parsed YAML)."""

from __future__ import annotations

from dataclasses import dataclass

from tickets.model import Priority
from tickets.priority import PriorityMatrix, Targets, parse_matrix, parse_targets
from tickets.taxonomy import Taxonomy, parse_taxonomy


@dataclass(frozen=True)
class DeskConfig:
    taxonomy: Taxonomy
    matrix: PriorityMatrix
    targets: dict[Priority, Targets]


def parse_desk_config(raw: object, source: str) -> DeskConfig:
    """Raises ValueError whose message names `source`, the key and what is wrong."""
    if not isinstance(raw, dict):
        raise ValueError(f"{source}: the file must hold a mapping of settings")
    try:
        sla = raw.get("sla") or {}
        if not isinstance(sla, dict):
            raise ValueError("sla: a mapping is expected")
        return DeskConfig(
            taxonomy=parse_taxonomy(raw.get("taxonomy"), "taxonomy"),
            matrix=parse_matrix(raw.get("priority_matrix"), "priority_matrix"),
            targets=parse_targets(sla.get("priorities"), "sla.priorities"),
        )
    except ValueError as error:
        raise ValueError(f"{source}: {error}") from None
