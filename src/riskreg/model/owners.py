"""Who approves what: the `owners:` map and the `governance:` settings of `riskreg.yaml`.

    owners:
      Head of Custody: {account: "@wmp/custody"}
      Director of Finance: "@jdoe"          # the short form: just the account
    governance:
      risk_manager: "@wmp/risk"             # owns riskreg.yaml and unclaimed risk files
      score_change_needs_history: true      # validate --since: a re-score carries a history entry

An account is what CODEOWNERS names: a GitHub or GitLab `@user`, `@org/team`, or an email.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

ACCOUNT_PATTERN = r"^(@[A-Za-z0-9][A-Za-z0-9._/-]*|[^@\s]+@[^@\s]+)$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=False, defer_build=True)


def _short_form(value: Any) -> Any:
    return {"account": value} if isinstance(value, str) else value


class Owner(_Model):
    """How to reach a risk owner: the account CODEOWNERS names, and where the owners'
    digest goes."""

    account: str | None = Field(
        default=None,
        pattern=ACCOUNT_PATTERN,
        title="Account",
        description="A GitHub or GitLab @user or @org/team, or an email address.",
    )
    email: str | None = Field(default=None, description="Where the owner's digest goes.")


OwnerEntry = Annotated[Owner, BeforeValidator(_short_form)]


class Governance(_Model):
    """How the register is governed through git."""

    risk_manager: str | None = Field(
        default=None,
        pattern=ACCOUNT_PATTERN,
        title="Risk manager",
        description="The account that owns riskreg.yaml and any risk whose owner has none.",
    )
    score_change_needs_history: bool = Field(
        default=True,
        title="A re-score needs a history entry",
        description="validate --since: a changed residual score must add a history entry.",
    )


def _empty_owners() -> dict[str, Owner]:
    return {}


def _default_governance() -> Governance:
    return Governance()
