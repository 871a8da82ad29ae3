"""Request and response bodies of fairs and their enterprises."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from frontend.i18n import bilingual
from services.auth.passwords import password_problem
from services.fairs.credit_code import normalize_credit_code
from services.schemas import AwareDatetime, Phone, ShortText, Strict

Text200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class FairCreate(Strict):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    venue: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    starts_at: AwareDatetime
    ends_at: AwareDatetime

    @model_validator(mode="after")
    def _order(self) -> Self:
        if self.starts_at >= self.ends_at:
            raise ValueError(bilingual("api.starts_after_ends"))
        return self


class FairRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    venue: str
    starts_at: datetime
    ends_at: datetime


class EnterpriseCreate(Strict):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    industry: ShortText = ""
    district: ShortText = ""
    booth: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]
    contact_name: ShortText = ""
    contact_phone: Phone | None = None
    username: Annotated[str, StringConstraints(pattern=r"^[a-zA-Z0-9_.-]{3,64}$")] | None = None
    password: Annotated[str, StringConstraints(max_length=128)] | None = None

    @field_validator("password")
    @classmethod
    def _strong_password(cls, password: str | None, info: ValidationInfo) -> str | None:
        if password is not None:
            known = (str(info.data.get("username") or ""), str(info.data.get("name") or ""))
            problem = password_problem(password, user_inputs=known)
            if problem is not None:
                raise ValueError(problem)
        return password


class EnterpriseRead(BaseModel):
    id: int
    name: str
    industry: str
    district: str
    booth: str
    username: str


class EnterpriseCreated(EnterpriseRead):
    token: str


def _credit_code(text: str) -> str:
    code = normalize_credit_code(text)
    if code is None:
        raise ValueError(bilingual("api.credit_code_invalid"))
    return code


class JoinCreate(Strict):
    """A firm's request to take part in a fair, from the public 企业报名 page."""

    name: Text200
    credit_code: Annotated[str, AfterValidator(_credit_code)]
    industry: ShortText = ""
    contact_name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)
    ]
    contact_phone: Phone
