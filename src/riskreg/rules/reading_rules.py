"""Rules a file meets before its fields mean anything: readable, UTF-8, one YAML mapping,
nothing YAML would silently change.

They are checked as the file is read (yamlsource/), where the parser's nodes and marks
are at hand; they are registered here so that every code has a rule to read.
"""

from __future__ import annotations

from riskreg.rules.registry import ANY_FILE, declare

declare(
    "file_readable",
    "file-unreadable",
    ANY_FILE,
    "yamlsource/reading.py",
    """The file can be opened and read.

    Passes:
        -rw-r--r--  risks/CRR18.yaml
        -rw-r--r--  riskreg.yaml
    Fails:
        ----------  risks/CRR18.yaml
        -rw-r--r--  riskreg.yaml
    """,
)
declare(
    "file_small",
    "file-too-large",
    ANY_FILE,
    "yamlsource/reading.py",
    """The file is at most 1,000,000 bytes (a risk file is a few kilobytes).

    Passes:
        id: CRR18
        name: Fleet replacement
    Fails:
        id: CRR18
        notes: [... a megabyte of text ...]
    """,
)
declare(
    "file_is_text",
    "binary-file",
    ANY_FILE,
    "yamlsource/reading.py",
    """The file is text: it holds no NUL byte.

    Passes:
        id: CRR18
        name: Fleet replacement
    Fails:
        id: CRR18
        name: Fleet\\0replacement
    """,
)
declare(
    "file_is_utf8",
    "not-utf8",
    ANY_FILE,
    "yamlsource/reading.py",
    """The file is UTF-8 (a byte-order mark is allowed), not UTF-16 or Latin-1.

    Passes:
        id: CRR18
        name: Réseau
    Fails (saved as Latin-1):
        id: CRR18
        name: R\\xe9seau
    """,
)
declare(
    "no_merge_conflict",
    "merge-conflict",
    ANY_FILE,
    "yamlsource/reading.py",
    """No git merge-conflict markers are left in the file.

    Passes:
        id: CRR18
        name: Fleet replacement
    Fails:
        <<<<<<< HEAD
        name: Fleet replacement
    """,
)
declare(
    "yaml_syntax",
    "yaml-syntax",
    ANY_FILE,
    "yamlsource/composing.py",
    """The file is well-formed YAML.

    Passes:
        id: CRR18
        name: Fleet replacement
    Fails (a bracket never closed):
        id: CRR18
        controls: [Fleet board
    """,
)
declare(
    "quotes_closed",
    "unclosed-quote",
    ANY_FILE,
    "yamlsource/plain_words.py",
    """A quote that opens a text closes it.

    Passes:
        id: CRR18
        name: "Fleet replacement"
    Fails:
        id: CRR18
        name: "Fleet replacement
    """,
)
declare(
    "no_colon_in_plain_text",
    "colon-in-text",
    ANY_FILE,
    "yamlsource/plain_words.py",
    """Text holding a colon and a space is quoted, or YAML reads a new key.

    Passes:
        id: CRR18
        name: 'Fleet: replacement delayed'
    Fails:
        id: CRR18
        name: Fleet: replacement delayed
    """,
)
declare(
    "space_after_list_dash",
    "dash-without-space",
    ANY_FILE,
    "yamlsource/plain_words.py",
    """A list item's dash is followed by a space.

    Passes:
        controls:
          - Monthly fleet board
    Fails (after a first item):
        controls:
          -Monthly fleet board
    """,
)
declare(
    "keys_lined_up",
    "indented-key",
    ANY_FILE,
    "yamlsource/plain_words.py",
    """A key is lined up with the keys beside it, not indented under the one above.

    Passes:
        name: Fleet replacement
        description: Vans break down.
    Fails:
        name: Fleet replacement
          description: Vans break down.
    """,
)
declare(
    "lines_are_keys_or_items",
    "not-a-key",
    ANY_FILE,
    "yamlsource/plain_words.py",
    """Each line is a `key: value`, a list item `- ...`, or text indented under its key.

    Passes:
        controls:
          - Monthly fleet board
    Fails (after controls' first item):
        controls:
        Monthly fleet board
    """,
)
declare(
    "spaces_indent",
    "tab-indent",
    ANY_FILE,
    "yamlsource/composing.py",
    """Lines are indented with spaces; YAML refuses tabs.

    Passes:
        residual:
          rating: High
    Fails:
        residual:
        \\trating: High
    """,
)
declare(
    "one_document",
    "multiple-documents",
    ANY_FILE,
    "yamlsource/composing.py",
    """The file holds one YAML document.

    Passes:
        id: CRR18
        name: Fleet replacement
    Fails:
        id: CRR18
        --- {id: CRR19}
    """,
)
declare(
    "not_empty",
    "empty-file",
    ANY_FILE,
    "yamlsource/reading.py",
    """The file holds something besides comments.

    Passes:
        # Fleet replacement
        id: CRR18
    Fails:
        # Fleet replacement
        # (nothing else)
    """,
)
declare(
    "a_mapping",
    "not-a-mapping",
    ANY_FILE,
    "rules/__init__.py (risk files), rules/config_rules.py (the config)",
    """The file is a mapping of fields (a risk) or of settings (the config).

    Passes:
        id: CRR18
        name: Fleet replacement
    Fails:
        - id: CRR18
        - name: Fleet replacement
    """,
)
declare(
    "shallow",
    "too-deep",
    ANY_FILE,
    "yamlsource/screening.py",
    """Nothing is nested more than 12 levels deep (a risk needs four).

    Passes:
        actions:
        - {action: Recruit, due: 2022-06-30}
    Fails:
        notes: [[[[[[[[[[[[[deep]]]]]]]]]]]]]
        id: CRR18
    """,
)
declare(
    "no_anchors",
    "anchor",
    ANY_FILE,
    "yamlsource/screening.py and yamlsource/values.py",
    """No YAML anchors or aliases: each value is written out where it applies.

    Passes:
        residual: {rating: High}
        target: {rating: High}
    Fails:
        residual: &r {rating: High}
        target: *r
    """,
)
declare(
    "no_tags",
    "tag",
    ANY_FILE,
    "yamlsource/values.py",
    """No YAML tags (`!!python/...`, `!!set`): values are plain text, numbers and dates.

    Passes:
        id: CRR18
        name: Fleet replacement
    Fails:
        id: CRR18
        name: !!python/name:os.system
    """,
)
declare(
    "no_merge_keys",
    "merge-key",
    ANY_FILE,
    "yamlsource/values.py",
    """No YAML merge keys (`<<`): each field is written out.

    Passes:
        target: {rating: High, impact: 4, probability: 3}
        residual: {rating: High, impact: 4, probability: 3}
    Fails:
        target: {rating: High, impact: 4, probability: 3}
        residual: {<<: {rating: High}}
    """,
)
declare(
    "keys_are_text",
    "bad-key",
    ANY_FILE,
    "yamlsource/values.py",
    """Every key is plain text: not a list, a number YAML reads oddly, or nothing.

    Passes:
        id: CRR18
        name: Fleet replacement
    Fails:
        id: CRR18
        : Fleet replacement
    """,
)
declare(
    "keys_unique",
    "duplicate-key",
    ANY_FILE,
    "yamlsource/values.py",
    """No key appears twice in one mapping (YAML would silently keep only the last).

    Passes:
        id: CRR18
        name: Fleet replacement
    Fails:
        name: Fleet replacement
        name: Fleet renewal
    """,
)
declare(
    "numbers_as_written",
    "yaml11-value",
    ANY_FILE,
    "yamlsource/values.py, rules/surprises.py and rules/pydantic_errors.py",
    """A value means what it says: YAML 1.1 reads `010` as 8, `1:30` as 90 and an
    unquoted `no` as false.

    Passes:
        residual: {rating: High, impact: 4, probability: 3}
        owner: "no"
    Fails:
        residual: {rating: High, impact: 04, probability: 010}
        owner: no
    """,
)
declare(
    "real_dates",
    "bad-date",
    ANY_FILE,
    "yamlsource/values.py (impossible dates) and rules/pydantic_errors.py (other text)",
    """A date is a real day, written YYYY-MM-DD.

    Passes:
        last_reviewed: 2022-02-28
        next_review: 2022-03-31
    Fails:
        last_reviewed: 2022-02-30
        next_review: 31/03/2022
    """,
)
declare(
    "allowed_values",
    "bad-value",
    ANY_FILE,
    "rules/pydantic_errors.py (the model's choices) and yamlsource/values.py",
    """A field with a fixed set of values holds one of them.

    Passes:
        status: open
        actions: [{action: Recruit, status: in progress}]
    Fails:
        status: pending
        actions: [{action: Recruit, status: started}]
    """,
)
