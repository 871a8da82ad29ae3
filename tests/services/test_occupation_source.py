"""Who chose a posting's occupation code (postings.occupation_code_source): a code the firm set
survives a retrain even when it equals the model's answer; a code the model chose follows it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from matcher.occupation_match import posting_codes
from matcher.occupation_model import OccupationModel
from search.types import IndexName
from services.demo.generator import generate_demo_fair
from services.demo.loader import store_demo
from services.matching.reclassify import reclassify
from services.models import OccupationSource, Posting
from tests.services.conftest import Api
from tests.services.factories import make_enterprise, make_fair, make_posting
from tests.services.test_posting_occupation import TITLE, title_codes
from tests.support.pages import browser, csrf_of
from tests.support.portal import hiring_scene, portal_login


class Retrained:
    """The shipped model after a retrain that now prefers each title's second code."""

    def __init__(self, model: OccupationModel) -> None:
        self.model = model

    def probabilities_many(self, titles: list[str]) -> list[list[tuple[str, float]]]:
        out = []
        for found in self.model.probabilities_many(titles):
            if len(found) >= 2:
                (first, p), (second, q), *rest = found
                found = [(second, p), (first, q), *rest]
            out.append(found)
        return out


async def _stored(api: Api, posting_id: int) -> tuple[str | None, OccupationSource, Any]:
    async with api.runtime.sessions() as session:
        row = (
            await session.execute(
                select(
                    Posting.occupation_code,
                    Posting.occupation_code_source,
                    Posting.occupation_probs,
                ).where(Posting.id == posting_id)
            )
        ).one()
    return row.occupation_code, row.occupation_code_source, row.occupation_probs


async def test_a_firm_code_equal_to_the_models_answer_survives_a_retrain(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    top = title_codes(TITLE)[0][0]
    chosen = await make_posting(api, firm["token"], fair_id, occupation_code=top)
    classified = await make_posting(api, firm["token"], fair_id)
    assert (chosen["occupation_code_source"], classified["occupation_code_source"]) == (
        "firm",
        "model",
    )
    firm_columns = await _stored(api, chosen["id"])
    model_columns = await _stored(api, classified["id"])
    assert (firm_columns[0], firm_columns[2]) == (model_columns[0], model_columns[2]), (
        "code and distribution alike: only the source tells them apart"
    )
    await api.settle()
    retrained = Retrained(api.runtime.classifier)
    monkeypatch.setattr(api.runtime, "classifier", retrained)
    done = await reclassify(api.runtime)
    await api.settle()
    found = retrained.probabilities_many([TITLE])[0]
    new_top = found[0][0]
    assert new_top != top
    assert done["postings"].recoded == 1 and done["postings"].changed == 2
    for posting_id, code, source in (
        (chosen["id"], top, OccupationSource.firm),  # the firm's code stays
        (classified["id"], new_top, OccupationSource.model),  # the model's follows the model
    ):
        stored = await _stored(api, posting_id)
        assert stored[:2] == (code, source)
        expected = posting_codes(found, code)  # the new model's distribution, for that code
        assert [c for c, _ in stored[2]] == [c for c, _ in expected]
        assert [p for _, p in stored[2]] == pytest.approx([p for _, p in expected], abs=1e-6), (
            "reclassify classifies a batch of titles, not one: the same to within float rounding"
        )
    doc = await api.runtime.search.get(IndexName.postings, classified["id"])
    assert doc is not None and doc.occupation_code == new_top
    again = await reclassify(api.runtime)
    assert again["postings"].changed == 0


async def test_edits_move_a_posting_between_the_firms_code_and_the_models(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    posting = await make_posting(api, firm["token"], fair_id)
    url = f"/api/postings/{posting['id']}"
    top = posting["occupation_code"]
    welder = title_codes("电焊工")[0][0]
    steps: list[tuple[dict[str, Any], str | None, str]] = [
        ({"occupation_code": top}, top, "firm"),  # the model's answer, now chosen by the firm
        ({"status": "closed"}, top, "firm"),
        ({"title": "电焊工"}, welder, "model"),  # a new title without a code: the model's
        ({"title": TITLE, "occupation_code": welder}, welder, "firm"),
        ({"occupation_code": None}, None, "model"),  # cleared: the model's from now on
    ]
    for change, code, source in steps:
        response = await api.request("PATCH", url, token=firm["token"], json=change)
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["occupation_code"], body["occupation_code_source"]) == (code, source), change
        assert (await _stored(api, posting["id"]))[:2] == (code, OccupationSource(source))


def _checked_code(html: str) -> str:
    found: list[str] = re.findall(r'name="occupation_code" value="([^"]*)" checked', html)
    assert len(found) == 1, found
    return found[0]


async def test_the_portal_form_tells_the_systems_code_from_the_firms(api: Api) -> None:
    scene = await hiring_scene(api)
    by_model = scene.posting_a
    top = by_model["occupation_code"]
    by_firm = await make_posting(api, scene.a, scene.fair_id, occupation_code=top)
    async with browser(api) as client:
        await portal_login(client)
        edit = await client.get(f"/portal/postings/{by_model['id']}/edit")
        assert _checked_code(edit.text) == "", "automatic stays chosen"
        assert f"当前由系统识别：{top}" in edit.text
        mine = await client.get(f"/portal/postings/{by_firm['id']}/edit")
        assert _checked_code(mine.text) == top and "当前由系统识别" not in mine.text
        saved = await client.post(
            f"/portal/postings/{by_model['id']}/edit",
            data={
                "csrf": csrf_of(edit.text),
                "title": by_model["title"],
                "occupation_code": _checked_code(edit.text),
                "headcount": "8",
                "salary_min": str(by_model["salary_min"]),
                "salary_max": str(by_model["salary_max"]),
                "action": "save",
            },
        )
        assert saved.status_code == 303
    assert (await _stored(api, by_model["id"]))[:2] == (top, OccupationSource.model), (
        "saving the form unchanged leaves the code the model's"
    )


async def test_demo_firms_name_their_trades_code(api: Api) -> None:
    demo = generate_demo_fair(resumes=5, enterprises=3, postings=12)
    _, posting_ids, _ = await store_demo(api.runtime, demo)
    stored = [await _stored(api, posting_id) for posting_id in posting_ids]
    assert [(code, source) for code, source, _ in stored] == [
        (p.occupation_code, OccupationSource.firm) for p in demo.postings
    ]
