"""`riskreg ci github|gitlab`: a ready CI file for a register's repository.

On a pull (merge) request, CI runs `riskreg validate --since` the target branch, with the
whole history fetched, since the change rules compare with it (an ID is never reused).
On a seal tag (`riskreg/*`, from `riskreg seal`), it verifies the seal and builds the PDF
pack, attached to the tag's release (GitHub) or kept as the job's artifact (GitLab).
riskreg is pinned to the version that wrote the file, so that CI checks the register with
the rules the team runs locally, and the pack hashes as it did when the quarter was sealed.
"""

from __future__ import annotations

from dataclasses import dataclass

PACKAGE = "riskreg-yaml"  # riskreg's name on PyPI
PYTHON = "3.12"
PANGO = "libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"  # WeasyPrint's system libraries
PACK_FILE = "committee-pack.pdf"


@dataclass(frozen=True)
class Recipe:
    platform: str
    file_name: str  # where the file goes in the repository
    text: str


GITHUB = """\
# riskreg's checks of the register, written by 'riskreg ci github' (riskreg @VERSION@).
# Save as .github/workflows/riskreg.yml.
#  - On a pull request: validate the register and the change since the target branch
#    (no risk deleted, no ID reused, re-scores recorded, closures complete); problems show
#    as annotations on the pull request's files.
#  - On a seal tag (riskreg/2021-22-Q4, from 'riskreg seal'): verify the seal, build the
#    PDF committee pack and attach it to the tag's release.
name: riskreg

on:
  pull_request:
  push:
    tags: ["riskreg/*"]

permissions:
  contents: read

env:
  RISKREG_DIR: @FOLDER@  # the register's folder in the repository

jobs:
  validate:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # the whole history: the change rules compare with it
      - uses: actions/setup-python@v5
        with:
          python-version: "@PYTHON@"
      - run: pip install "@PACKAGE@==@VERSION@"
      - name: riskreg validate
        run: riskreg validate --since "origin/$GITHUB_BASE_REF" --format github

  pack:
    if: startsWith(github.ref, 'refs/tags/riskreg/')
    runs-on: ubuntu-latest
    permissions:
      contents: write  # to attach the pack to the release
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - name: Fetch the seal's annotated tag
        run: git fetch --force origin "+$GITHUB_REF:$GITHUB_REF"
      - uses: actions/setup-python@v5
        with:
          python-version: "@PYTHON@"
      - name: Install riskreg with its PDF engine
        run: |
          sudo apt-get update
          sudo apt-get install --yes @PANGO@
          pip install "@PACKAGE@[pdf]==@VERSION@"
      - name: riskreg verify
        run: riskreg verify "$GITHUB_REF_NAME"
      - name: riskreg report
        run: riskreg report --output "$GITHUB_WORKSPACE/@PACK@"
      - name: Attach the pack to the release
        env:
          GH_TOKEN: ${{ github.token }}
        run: |
          gh release view "$GITHUB_REF_NAME" > /dev/null 2>&1 ||
            gh release create "$GITHUB_REF_NAME" --verify-tag --title "$GITHUB_REF_NAME" \\
              --notes "The committee pack of the quarter sealed as $GITHUB_REF_NAME."
          gh release upload "$GITHUB_REF_NAME" "$GITHUB_WORKSPACE/@PACK@" --clobber
"""

GITLAB = """\
# riskreg's checks of the register, written by 'riskreg ci gitlab' (riskreg @VERSION@).
# Save as .gitlab-ci.yml (or include it from yours).
#  - On a merge request: validate the register and the change since the target branch
#    (no risk deleted, no ID reused, re-scores recorded, closures complete).
#  - On a seal tag (riskreg/2021-22-Q4, from 'riskreg seal'): verify the seal and build
#    the PDF committee pack, kept as the job's artifact.
variables:
  GIT_DEPTH: "0"  # the whole history: the change rules compare with it
  RISKREG_DIR: @FOLDER@  # the register's folder in the repository

riskreg-validate:
  image: python:@PYTHON@
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  variables:
    TARGET: $CI_MERGE_REQUEST_TARGET_BRANCH_NAME
  script:
    - pip install "@PACKAGE@==@VERSION@"
    - git fetch origin "+refs/heads/$TARGET:refs/remotes/origin/$TARGET"
    - riskreg validate --since "origin/$TARGET" --format parsable

riskreg-pack:
  image: python:@PYTHON@
  rules:
    - if: $CI_COMMIT_TAG =~ /^riskreg\\//
  script:
    - apt-get update && apt-get install --yes @PANGO@
    - pip install "@PACKAGE@[pdf]==@VERSION@"
    - riskreg verify "$CI_COMMIT_TAG"
    - riskreg report --output "$CI_PROJECT_DIR/@PACK@"
  artifacts:
    name: "$CI_COMMIT_TAG"
    paths:
      - @PACK@
    expire_in: never
"""

TEMPLATES = {
    "github": (".github/workflows/riskreg.yml", GITHUB),
    "gitlab": (".gitlab-ci.yml", GITLAB),
}


def ci_recipe(platform: str, version: str, folder: str = ".") -> Recipe:
    """The CI file for `platform` (github or gitlab), pinned to riskreg `version`, for a
    register in `folder` of its repository."""
    file_name, template = TEMPLATES[platform]
    text = template
    for name, value in {
        "@VERSION@": version,
        "@PACKAGE@": PACKAGE,
        "@PYTHON@": PYTHON,
        "@PANGO@": PANGO,
        "@PACK@": PACK_FILE,
        "@FOLDER@": _quoted(folder),
    }.items():
        text = text.replace(name, value)
    return Recipe(platform, file_name, text)


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
