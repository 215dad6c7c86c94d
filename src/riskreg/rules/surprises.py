"""What YAML read differently from what the writer meant, reported at its own line.

YAML 1.1 reads `010` as 8 and `1:30` as 90 (base 60); a trend quarter with nothing
after its colon is null. Each is reported as itself rather than as the type error or
out-of-range score it leads to.
"""

from __future__ import annotations

from yaml.nodes import MappingNode, ScalarNode

from riskreg.rules.findings import places_taken
from riskreg.yamlsource import NULL, Document, field_path, number_hint


def report_surprises(doc: Document) -> None:
    """A problem for each integer YAML read in a way its writer did not mean."""
    taken = places_taken(doc)
    paths = doc.paths_of(doc.surprises)
    for node in doc.surprises:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if (line, column) not in taken:
            where = field_path(paths.get(id(node), ()))
            doc.problem(
                "yaml11-value",
                f"{where}: {number_hint(node)}" if where else number_hint(node),
                line,
                column,
            )


def report_empty_trend_values(doc: Document) -> None:
    """A problem for each trend quarter with no direction after its colon."""
    trend = doc.node_at(("trend",))
    if not isinstance(trend, MappingNode):
        return
    for key, value in trend.value:
        if isinstance(value, ScalarNode) and value.tag == NULL:
            mark = value.start_mark if value.value else key.start_mark
            doc.problem(
                "bad-direction",
                f"trend {key.value} has no direction; write improved, worsened, unchanged, "
                "new or n/a",
                mark.line + 1,
                mark.column + 1,
            )
