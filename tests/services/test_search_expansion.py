"""Job search expands queries with the occupation vocabulary (电焊 ≈ 焊工, CNC ≈ 数控, welder)."""

from __future__ import annotations

from tests.services.conftest import Api
from tests.services.factories import make_enterprise, make_fair, make_posting


async def test_trade_words_find_postings_that_use_other_words(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    welder = await make_posting(
        api, firm["token"], fair_id, title="焊工", requirements="持证上岗，能看图纸"
    )
    cook = await make_posting(api, firm["token"], fair_id, title="食堂厨师", requirements="家常菜")
    await api.settle()
    for query in ("电焊", "welder"):
        found = await api.request("GET", "/api/postings", params={"fair_id": fair_id, "q": query})
        assert found.status_code == 200
        ids = [item["id"] for item in found.json()["items"]]
        assert welder["id"] in ids, query
        assert cook["id"] not in ids, query
