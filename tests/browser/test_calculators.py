"""The in-page calculators in Debian's Chromium, served by a real nginx (stock mime.types) under
a sub-path: results equal to the command line's, shared links, field errors, one worker across
instant navigation, both boot paths, hosts that get files wrong, and no request off 127.0.0.1."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Route, expect

from tests.browser.conftest import recording_context, wait_for_instant_navigation
from tests.browser.nginx import Served
from tests.site.test_calculators_build import PENALTY_ARTICLES

BOOT_TIMEOUT = 60_000  # ms; a cold boot takes 1-5 s here
DATA = Path(__file__).resolve().parents[2] / "calculators" / "law_calculators" / "data"


def rules_version() -> str:
    """The edition of the rules data, as the package reads it (bumped with every rules change)."""
    return tomllib.loads((DATA / "vocabulary.toml").read_text(encoding="utf-8"))["rules_version"]


def measure_labels() -> dict[str, dict[str, str]]:
    vocabulary = tomllib.loads((DATA / "vocabulary.toml").read_text(encoding="utf-8"))
    return vocabulary["measures"]


class Visit:
    """Opens pages of the nginx-served site in one fresh browser context, recording requests."""

    def __init__(self, context: BrowserContext, requests: list[str], site: Served) -> None:
        self.context, self.requests, self.site = context, requests, site

    def __call__(self, path: str, variant: str = "wiki") -> Page:
        return self.url(self.site.url(variant) + path)

    def url(self, url: str) -> Page:
        page = self.context.new_page()
        page.set_default_timeout(BOOT_TIMEOUT)
        page.goto(url)
        return page


@pytest.fixture
def visit(browser: Browser, nginx_site: Served) -> Iterator[Visit]:
    with recording_context(browser, nginx_site.origin) as (context, requests):
        yield Visit(context, requests, nginx_site)


def state(page: Page) -> dict[str, Any]:
    return page.evaluate("window.CSL_CALC_STATE")


def wait_for_result(page: Page, results_before: int = 0) -> dict[str, Any]:
    page.wait_for_function(
        f"window.CSL_CALC_STATE && window.CSL_CALC_STATE.results > {results_before}",
        timeout=BOOT_TIMEOUT,
    )
    return state(page)


def cli(command: str, data: dict[str, Any]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "law_calculators", command],
        input=json.dumps(data),
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(done.stdout)


def pyodide_files(urls: list[str]) -> list[str]:
    return [u for u in urls if "/assets/pyodide/" in u or "calculators-worker" in u]


def test_article_61_gives_the_command_lines_result_and_a_shareable_link(
    visit: Visit, nginx_site: Served
) -> None:
    page = visit("law/csl/2025/article-61/")
    widget = page.locator(".calc")
    expect(page.locator(".calc-table").first).to_contain_text("第六十一条第一款")
    # the preset's result is there at once, computed when the site was built, without Python
    first = wait_for_result(page)
    assert first["lastPrebuilt"] is True and first["path"] is None
    assert json.loads(first["lastOutput"]) == cli("fine", first["lastInput"])
    assert first["lastInput"]["article"] == 61 and first["lastInput"]["version"] == "2025"
    expect(widget.locator(".calc-prebuilt")).to_contain_text("Computed when this site was built")
    assert pyodide_files(visit.requests) == []

    # the reader changes the case: refused to correct, conduct in 2025, decided in 2026
    widget.get_by_label("Tier").select_option("aggravated")
    widget.get_by_label("Date of the conduct").fill("2025-06-01")
    widget.get_by_label("Date of the decision").fill("2026-03-01")
    widget.get_by_role("button", name="Calculate").click()
    page.wait_for_function(
        "window.CSL_CALC_STATE.lastInput.decision_date === '2026-03-01' && "
        "document.querySelector('.calc').getAttribute('aria-busy') === null"
    )
    after = state(page)
    assert after["path"] == "snapshot" and after["lastPrebuilt"] is False  # computed in the page
    expected = cli("fine", after["lastInput"])
    assert json.loads(after["lastOutput"]) == expected
    assert expected["applied_version"] == "2016"
    expect(widget.locator(".calc-prebuilt")).to_have_count(0)
    result = widget.locator(".calc-result")
    expect(result).to_contain_text("CNY 10,000–100,000")
    expect(result).to_contain_text("Applied: the 2016 text")
    cite = result.locator(".calc-applied a.calc-cite[lang=en]")
    expect(cite).to_have_attribute("href", nginx_site.url() + "law/csl/2016/article-59/#p1")
    expect(result.locator(".calc-disclaimer")).to_contain_text("not legal advice")

    # the inputs are in the address; opening it elsewhere reproduces the result
    shared = page.url
    assert "tier=aggravated" in shared and "conduct_date=2025-06-01" in shared
    other = visit.url(shared)
    reproduced = wait_for_result(other)
    assert reproduced["lastInput"] == after["lastInput"]
    assert reproduced["lastOutput"] == after["lastOutput"]
    expect(other.locator(".calc").get_by_label("Tier")).to_have_value("aggravated")
    assert all("127.0.0.1" in u for u in visit.requests)


def test_copy_result_gives_a_bilingual_memo_with_permalinks(
    visit: Visit, nginx_site: Served
) -> None:
    page = visit(
        "calculators/fine/?version=2025&article=61&paragraph=1&tier=aggravated&offender=entity",
    )
    wait_for_result(page)
    widget = page.locator(".calc")
    expect(widget.get_by_label("Tier")).to_have_value("aggravated")
    widget.get_by_role("button", name="Copy result").click()
    expect(widget.locator(".calc-copy")).to_contain_text("Copied")
    memo = page.evaluate("navigator.clipboard.readText()")
    assert memo.startswith("# Fine calculation · 罚款计算 (" + date.today().isoformat())
    assert f"Rules version 规则版本: {rules_version()} · " in memo
    assert 'Tier 档次 (`tier`): "aggravated"' in memo
    assert "CNY 50,000–500,000" in memo and "50,000元以上500,000元以下" in memo
    permalink = nginx_site.url() + "law/csl/2025/article-61/#p1"
    assert f"[Cybersecurity Law of the PRC (as amended 2025), Art. 61(1)]({permalink})" in memo
    assert "《中华人民共和国网络安全法》（2025年修正）第六十一条第一款" in memo
    assert "not legal advice" in memo and "不构成法律意见" in memo
    assert "— —" not in memo and "detention —" not in memo and "拘留—" not in memo


def test_an_invalid_input_shows_the_calculators_error_beside_the_field_as_text(
    visit: Visit, nginx_site: Served
) -> None:
    page = visit("law/csl/2025/article-63/")
    wait_for_result(page)
    widget = page.locator(".calc")
    before = state(page)["results"]
    widget.get_by_label("Illegal gains").fill("<b>12</b><img src=x onerror=alert(1)>")
    widget.get_by_role("button", name="Calculate").click()
    wait_for_result(page, before)
    field = widget.locator(".calc-field[data-field=illegal_gains]")
    error = field.locator(".calc-field-error")
    expect(error).to_be_visible()
    expect(error.locator("[lang=en]")).not_to_be_empty()
    expect(error.locator("[lang=zh-Hans]")).not_to_be_empty()
    expect(widget.get_by_label("Illegal gains")).to_have_attribute("aria-invalid", "true")
    assert widget.locator("b, img").count() == 0  # what was typed is never markup
    # a negative amount: the calculator's own range check, next to the same field
    widget.get_by_label("Illegal gains").fill("-5")
    widget.get_by_role("button", name="Calculate").click()
    page.wait_for_function("window.CSL_CALC_STATE.lastInput.illegal_gains === -5")
    expect(error).to_be_visible()
    assert json.loads(state(page)["lastOutput"])["error"]["field"] == "illegal_gains"


def start_python(page: Page) -> dict[str, Any]:
    """Use the form (Calculate) so that Python starts, and wait for its result."""
    before = state(page)["results"]
    page.locator(".calc").get_by_role("button", name="Calculate").click()
    page.wait_for_function(
        f"window.CSL_CALC_STATE.results > {before} && window.CSL_CALC_STATE.lastPrebuilt === false",
        timeout=BOOT_TIMEOUT,
    )
    return state(page)


def test_the_next_calculator_page_reuses_the_worker(visit: Visit, nginx_site: Served) -> None:
    page = visit("law/csl/2025/article-61/")
    wait_for_result(page)
    start_python(page)
    wait_for_instant_navigation(page)
    page.evaluate("window.__marker = 'same document'")
    results = state(page)["results"]
    page.locator("nav.md-nav a[href$='article-63/']").first.click()
    # the theme's navigation.tracking may add the heading in view to the address (#zh-sources)
    expect(page).to_have_url(re.compile(r"2025/article-63/(#[\w-]+)?$"))
    after = wait_for_result(page, results)
    assert page.evaluate("window.__marker") == "same document"  # instant navigation
    assert after["boots"] == 1
    assert after["lastInput"]["article"] == 63
    expect(page.locator(".calc .calc-result")).to_contain_text("Art. 63")
    wasm = [u for u in visit.requests if u.endswith(("pyodide.asm.wasm", "pyodide.asm.wasm.gz"))]
    snapshots = [u for u in visit.requests if u.endswith(".snapshot.gz")]
    assert len(wasm) == 1 and len(snapshots) == 1


@contextmanager
def article_61_in_a_profile(
    browser: Browser, site: Served, profile: Path
) -> Iterator[tuple[Visit, Page]]:
    """A browser profile kept on disk (its HTTP cache too), with Art. 61's page shown."""
    with recording_context(browser, site.origin, profile) as (context, _):
        visit = Visit(context, [], site)
        page = visit("law/csl/2025/article-61/")
        wait_for_result(page)
        yield visit, page


def test_after_using_a_calculator_the_next_page_starts_python_from_the_cache(
    browser: Browser, nginx_site: Served, tmp_path: Path
) -> None:
    with article_61_in_a_profile(browser, nginx_site, tmp_path / "profile") as (visit, page):
        start_python(page)
        page.close()
        served_before = len(nginx_site.requests())
        again = visit("law/csl/2025/article-61/")  # a new document, not instant navigation
        # started without the form being used, because the runtime is in the browser's cache
        again.wait_for_function("window.CSL_CALC_STATE && window.CSL_CALC_STATE.stage === 'ready'")
        assert state(again)["lastPrebuilt"] is True  # no input given: the build's result shows
        assert state(again)["early"] is True  # the worker started from the page's <head>
        assert state(again)["boots"] == 1
        runtime = [r for r in nginx_site.requests()[served_before:] if "/assets/pyodide/" in r[0]]
        assert sum(size for _, _, size in runtime) == 0, runtime  # nothing over the network
        again.locator(".calc").get_by_label("Tier").select_option("aggravated")
        again.wait_for_function("window.CSL_CALC_STATE.lastPrebuilt === false")
        assert json.loads(state(again)["lastOutput"]) == cli("fine", state(again)["lastInput"])


def test_a_returning_reader_whose_cache_lost_the_runtime_fetches_it_only_on_use(
    browser: Browser, nginx_site: Served, tmp_path: Path
) -> None:
    with article_61_in_a_profile(browser, nginx_site, tmp_path / "profile") as (_, page):
        page.evaluate("localStorage.setItem('csl-calculators-used', '1')")  # used, long ago
        served_before = len(nginx_site.requests())
        page.reload()
        wait_for_result(page)
        page.wait_for_timeout(1500)
        runtime = [r for r in nginx_site.requests()[served_before:] if "/assets/pyodide/" in r[0]]
        assert runtime == []  # the early worker asked the cache only, and found nothing
        assert state(page)["stage"] == "idle"
        page.locator(".calc").get_by_label("Tier").select_option("aggravated")
        page.wait_for_function("window.CSL_CALC_STATE.lastPrebuilt === false", timeout=120_000)
        done = state(page)
        assert done["early"] is True and done["boots"] == 1 and done["path"] == "snapshot"
        assert json.loads(done["lastOutput"]) == cli("fine", done["lastInput"])


def test_a_preset_that_arrives_after_the_reader_changed_the_form_is_not_shown(
    visit: Visit,
) -> None:
    held: list[Route] = []
    visit.context.route("**/assets/calculators/results/**", lambda route: held.append(route))
    page = visit("law/csl/2025/article-61/")
    while not held:  # the build's result for the preset is on its way
        page.wait_for_timeout(20)
    page.locator(".calc").get_by_label("Tier").select_option("aggravated")
    for route in held:
        route.continue_()
    page.wait_for_function(
        "window.CSL_CALC_STATE.lastInput && window.CSL_CALC_STATE.lastInput.tier === 'aggravated'"
    )
    done = state(page)
    assert done["lastPrebuilt"] is False and not done.get("prebuilt")  # the old preset never showed
    assert json.loads(done["lastOutput"]) == cli("fine", done["lastInput"])


KEPT = "caches.open('csl-calculators-unpacked').then((c) => c.keys()).then((k) => k.length)"


def kept_after_first_use(page: Page) -> None:
    """Python's first start in this profile: the snapshot is downloaded, then kept unpacked."""
    assert start_python(page)["snapshotFrom"] == "downloaded"
    # only the parts that are not zeros: the file's spans with the range it XORs, about half of
    # the heap it restores
    snapshot = page.evaluate("window.CSL_CALC_CONFIG.snapshot")
    xor = snapshot["xorInitialMemory"]
    kept = merged_length([*snapshot["spans"], [xor["at"], xor["bytes"]]])
    assert kept_bytes(page) == kept < snapshot["rawBytes"] * 0.6


def merged_length(ranges: list[list[int]]) -> int:
    """How many bytes [offset, length] ranges cover together."""
    total, end = 0, 0
    for offset, length in sorted(ranges):
        total += max(0, offset + length - max(offset, end))
        end = max(end, offset + length)
    return total


def test_a_snapshot_is_kept_unpacked_for_the_next_boot_and_dropped_when_damaged(
    browser: Browser, nginx_site: Served, tmp_path: Path
) -> None:
    with article_61_in_a_profile(browser, nginx_site, tmp_path / "profile") as (visit, page):
        kept_after_first_use(page)
        again = visit("law/csl/2025/article-61/")  # a new document: a new worker
        again.wait_for_function("window.CSL_CALC_STATE && window.CSL_CALC_STATE.stage === 'ready'")
        assert state(again)["snapshotFrom"] == "kept"
        answer = start_python(again)
        assert json.loads(answer["lastOutput"]) == cli("fine", answer["lastInput"])
        # a copy cut short is dropped, and the snapshot downloaded (and kept) again
        damage(again, 64)
        third = visit("law/csl/2025/article-61/")
        third.wait_for_function("window.CSL_CALC_STATE && window.CSL_CALC_STATE.stage === 'ready'")
        assert state(third)["path"] == "snapshot" and state(third)["snapshotFrom"] == "downloaded"
        # a damaged copy of the right size is refused by Pyodide, dropped, and the page starts
        # Python without it
        damage(third, kept_bytes(third))
        fourth = visit("law/csl/2025/article-61/")
        fourth.wait_for_function("window.CSL_CALC_STATE && window.CSL_CALC_STATE.stage === 'ready'")
        assert state(fourth)["path"] == "plain" and "snapshot refused" in state(fourth)["note"]
        assert fourth.evaluate(KEPT) == 0
        answer = start_python(fourth)
        assert json.loads(answer["lastOutput"]) == cli("fine", answer["lastInput"])


def damage(page: Page, size: int) -> None:
    """The kept copy replaced by `size` zero bytes."""
    page.evaluate(
        "size => caches.open('csl-calculators-unpacked').then(async (c) => {"
        " const [key] = await c.keys(); await c.put(key, new Response(new Uint8Array(size))); })",
        size,
    )


def kept_bytes(page: Page) -> int:
    """The size of the kept copy, once it is written whole (its entry is listed before that);
    polled here: wait_for_function takes the promise of an expression for a truthy value."""
    for _ in range(100):
        size = page.evaluate(
            "caches.open('csl-calculators-unpacked').then(async (c) => {"
            " const [key] = await c.keys(); const hit = key && (await c.match(key));"
            " return hit ? (await hit.arrayBuffer()).byteLength : 0; })"
        )
        if size:
            return size
        page.wait_for_timeout(100)
    raise AssertionError("no copy kept")


def test_a_browser_with_no_calculator_run_remembered_downloads_without_asking_cache_storage(
    browser: Browser, nginx_site: Served, tmp_path: Path
) -> None:
    # a first-time reader's snapshot download is not held back by opening Cache Storage
    with article_61_in_a_profile(browser, nginx_site, tmp_path / "profile") as (visit, page):
        kept_after_first_use(page)
        page.evaluate("localStorage.removeItem('csl-calculators-used')")
        again = visit("law/csl/2025/article-61/")
        answer = start_python(again)
        assert answer["snapshotFrom"] == "downloaded" and answer["early"] is False
        assert json.loads(answer["lastOutput"]) == cli("fine", answer["lastInput"])


def test_certification_checker_answers_a_router_case(visit: Visit, nginx_site: Served) -> None:
    page = visit(
        "calculators/certification/?product=router"
        "&specs.whole_system_throughput_bidirectional=13"
        "&specs.whole_system_routing_table_capacity=400000",
    )
    done = wait_for_result(page)
    expected = cli(
        "certification",
        {
            "product": "router",
            "specs": {
                "whole_system_throughput_bidirectional": 13,
                "whole_system_routing_table_capacity": 400000,
            },
        },
    )
    assert json.loads(done["lastOutput"]) == expected
    result = page.locator(".calc .calc-result")
    expect(result.locator("[data-determination=cannot_determine]")).to_be_visible()
    expect(result).to_contain_text("only if the product is in the catalogue")
    expect(page.locator(".calc").get_by_label("Memory capacity")).to_be_hidden()
    page.locator(".calc").get_by_label("Product").select_option("rack_server")
    expect(page.locator(".calc").get_by_label("Memory capacity")).to_be_visible()


def test_pages_without_a_calculator_download_no_pyodide_file(
    visit: Visit, nginx_site: Served
) -> None:
    for path in ("", "law/csl/2025/article-23/", "calculators/method/"):
        page = visit(path)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(2000)  # longer than the idle start of a calculator page
        assert page.locator(".calc").count() == 0
        page.close()
    assert pyodide_files(visit.requests) == []
    assert not [u for u in visit.requests if "/assets/calculators/" in u]


@pytest.mark.parametrize("variant", ["nosnap", "badsnap"])
def test_without_a_usable_snapshot_the_plain_boot_gives_the_same_result(
    visit: Visit, nginx_site: Served, variant: str
) -> None:
    page = visit("law/csl/2025/article-61/?tier=aggravated", variant)
    fallback = wait_for_result(page)
    assert fallback["path"] == "plain", fallback
    assert fallback["note"]
    assert any(u.endswith("-py3-none-any.whl") for u in visit.requests)  # the wheel from the lock
    reference = visit("law/csl/2025/article-61/?tier=aggravated")
    snapshot = wait_for_result(reference)
    assert snapshot["path"] == "snapshot"
    assert fallback["lastInput"] == snapshot["lastInput"]
    assert fallback["lastOutput"] == snapshot["lastOutput"]


def test_wasm_with_a_wrong_mime_type_still_computes(visit: Visit, nginx_site: Served) -> None:
    page = visit("law/csl/2025/article-61/", "badwasm")
    wait_for_result(page)
    done = start_python(page)
    assert done["stage"] == "ready"
    assert json.loads(done["lastOutput"]) == cli("fine", done["lastInput"])


def test_the_wasm_arrives_gzipped_from_a_host_that_compresses_nothing(
    visit: Visit, nginx_site: Served
) -> None:
    page = visit("law/csl/2025/article-61/")
    wait_for_result(page)
    done = start_python(page)
    assert done["path"] == "snapshot"
    assert json.loads(done["lastOutput"]) == cli("fine", done["lastInput"])
    assert [u for u in visit.requests if u.endswith("pyodide.asm.wasm.gz")]
    assert not [u for u in visit.requests if u.endswith("pyodide.asm.wasm")]
    # stock nginx sends .gz as it is: what crossed the wire is the gzipped file, not 9.6 MB
    sent = [size for path, _, size in nginx_site.requests() if path.endswith("pyodide.asm.wasm.gz")]
    assert sent and max(sent) < 4_000_000, sent


def test_without_the_gzipped_wasm_the_plain_wasm_is_used(visit: Visit, nginx_site: Served) -> None:
    page = visit("law/csl/2025/article-61/", "nopacked")
    wait_for_result(page)
    done = start_python(page)
    assert done["stage"] == "ready" and done["path"] == "snapshot"
    assert json.loads(done["lastOutput"]) == cli("fine", done["lastInput"])
    assert [u for u in visit.requests if u.endswith("pyodide.asm.wasm")]


@pytest.mark.parametrize(
    ("variant", "missing"), [("noruntime", "pyodide.asm.js"), ("nowasm", "pyodide.asm.wasm")]
)
def test_a_runtime_that_fails_to_load_is_explained_not_hung(
    visit: Visit, nginx_site: Served, variant: str, missing: str
) -> None:
    page = visit("law/csl/2025/article-61/", variant)
    wait_for_result(page)  # the build's result; using the form starts Python
    page.locator(".calc").get_by_role("button", name="Calculate").click()
    status = page.locator(".calc .calc-status--failed")
    expect(status).to_be_visible(timeout=30_000)
    expect(status).to_contain_text("The Python runtime could not be loaded from this site")
    expect(status).to_contain_text("Site owner")
    expect(status).to_contain_text("站点管理员")
    assert f"{missing} → HTTP 404" in (status.locator("pre").text_content() or "")
    # the statutory table is still there
    expect(page.locator(".calc-table[lang=en]")).to_contain_text("Art. 61(1)")


def test_results_follow_the_readers_layout(visit: Visit, nginx_site: Served) -> None:
    page = visit("law/csl/2025/article-64/?layout=zh")
    wait_for_result(page)
    result = page.locator(".calc .calc-result")
    expect(result.locator(".calc-steps li .calc-zh").first).to_be_visible()
    expect(result.locator(".calc-steps li .calc-en").first).to_be_hidden()
    expect(page.locator(".calc-table[lang=en]")).to_be_hidden()
    page.get_by_role("button", name="English", exact=True).click()
    expect(result.locator(".calc-steps li .calc-en").first).to_be_visible()
    expect(result.locator(".calc-steps li .calc-zh").first).to_be_hidden()


def test_a_decision_date_without_a_conduct_date_is_explained_in_words(
    visit: Visit, nginx_site: Served
) -> None:
    page = visit("calculators/fine/?version=2025&article=61&paragraph=1&decision_date=2025-06-01")
    done = wait_for_result(page)
    output = json.loads(done["lastOutput"])
    assert output == cli("fine", done["lastInput"])
    assert output["law_in_time"]["conduct_date"] is None
    assert output["law_in_time"]["conduct_date_bounded_by_decision"] is True
    widget = page.locator(".calc")
    applied = widget.locator(".calc-result .calc-applied")
    expect(applied.locator(".calc-en").first).to_contain_text(
        "Applied: the 2016 text. No date of the conduct was given, but it cannot be later than "
        "the decision (2025-06-01), so it took place before 2026-01-01"
    )
    expect(applied.locator(".calc-zh").first).to_contain_text(
        "未填写违法行为日期，但违法行为不可能晚于处罚决定（2025-06-01），故发生于2026年1月1日之前"
    )
    assert "null" not in (applied.text_content() or "")
    expect(
        widget.locator(".calc-warnings li[data-code=conduct_date_bounded_by_decision]")
    ).to_be_visible()
    widget.get_by_role("button", name="Copy result").click()
    expect(widget.locator(".calc-copy")).to_contain_text("Copied")
    memo = page.evaluate("navigator.clipboard.readText()")
    assert "cannot be later than the decision (2025-06-01)" in memo
    assert "不可能晚于处罚决定（2025-06-01）" in memo
    assert "(null)" not in memo and "（null）" not in memo

    # 2025 Art. 63 decided in 2025: the 2016 text, in force then, sets no penalty for the sale
    page = visit("calculators/fine/?version=2025&article=63&decision_date=2025-06-01")
    done = wait_for_result(page)
    assert json.loads(done["lastOutput"])["no_penalty"] is True
    applied = page.locator(".calc .calc-result .calc-applied")
    expect(applied.locator(".calc-en").first).to_contain_text(
        "it cannot be later than the decision, 2025-06-01, so it took place before 2026-01-01) "
        "fell under the 2016 text, which sets no penalty for it."
    )
    expect(applied.locator(".calc-zh").first).to_contain_text("该文本对此没有规定处罚")
    assert "null" not in (applied.text_content() or "")


def cny(amount: float) -> str:
    return f"{amount:,.2f}".removesuffix(".00")


def test_alternatives_show_as_one_of_and_mitigated_fines_show_both_ways(
    visit: Visit, nginx_site: Served
) -> None:
    labels = measure_labels()
    # 2025 Art. 64 aggravated: the business sanctions are alternatives joined by 或者
    page = visit("calculators/fine/?version=2025&article=64&paragraph=1&tier=aggravated")
    done = wait_for_result(page)
    output = json.loads(done["lastOutput"])
    assert output == cli("fine", done["lastInput"])
    entity = next(o for o in output["outcomes"] if o["party"] == "entity")
    group = [m["code"] for m in entity["measures"] if m["one_of"] == "business_sanctions"]
    assert len(group) > 1 and not any(
        m["mandatory"] for m in entity["measures"] if m["one_of"] == "business_sanctions"
    )
    names_en = [labels[code]["en"] for code in group]
    names_zh = [labels[code]["zh"] for code in group]
    row = page.locator(".calc .calc-result tr[data-party=entity]")
    measures = row.locator("td").nth(3)
    expect(measures.locator(".calc-en")).to_contain_text(
        "may: one of: " + ", ".join(names_en[:-1]) + " or " + names_en[-1]
    )
    expect(measures.locator(".calc-zh")).to_contain_text(
        "可以择一：" + "、".join(names_zh[:-1]) + "或者" + names_zh[-1]
    )
    assert (measures.locator(".calc-en").text_content() or "").count("may:") == 1

    # 2025 Art. 62(1) aggravated, harm reduced (APL art. 32(i)): lighter or mitigated
    page = visit(
        "calculators/fine/?version=2025&article=62&paragraph=1&tier=aggravated"
        "&circumstances=eliminated_or_reduced_harm"
    )
    done = wait_for_result(page)
    output = json.loads(done["lastOutput"])
    assert done["lastInput"]["circumstances"] == ["eliminated_or_reduced_harm"]
    assert output == cli("fine", done["lastInput"])
    fine = next(o for o in output["outcomes"] if o["party"] == "entity")["fine"]
    assert fine["min"] == 0 and fine["mitigated_below"] > 0
    low, high = cny(fine["mitigated_below"]), cny(fine["max"])
    cell = page.locator(".calc .calc-result tr[data-party=entity] td.calc-fine")
    expect(cell.locator(".calc-en")).to_have_text(
        f"lighter (从轻) CNY {low}–{high}, or mitigated (减轻) below CNY {low}"
    )
    expect(cell.locator(".calc-zh")).to_have_text(
        f"从轻处{low}元以上{high}元以下罚款，或者减轻处低于{low}元的罚款"
    )

    # 2025 Art. 66(1), an individual, more serious: detention is mitigated the same way
    page = visit(
        "calculators/fine/?version=2025&article=66&paragraph=1&tier=aggravated"
        "&offender=individual&circumstances=eliminated_or_reduced_harm"
    )
    done = wait_for_result(page)
    output = json.loads(done["lastOutput"])
    assert output == cli("fine", done["lastInput"])
    outcome = next(o for o in output["outcomes"] if o["party"] == "individual")
    days = outcome["detention_days"]
    fine = outcome["fine"]
    assert fine["discretionary"] is True
    row = page.locator(".calc .calc-result tr[data-party=individual]")
    expect(row.locator("td").nth(2).locator(".calc-en")).to_have_text(
        f"lighter (从轻) {days['mitigated_below']}–{days['max']} days, "
        f"or mitigated (减轻) fewer than {days['mitigated_below']} days"
    )
    low, high = cny(fine["mitigated_below"]), cny(fine["max"])
    expect(row.locator("td.calc-fine .calc-en")).to_have_text(
        f"may: lighter (从轻) CNY {low}–{high}, or mitigated (减轻) below CNY {low}"
    )
    expect(row.locator("td.calc-fine .calc-zh")).to_have_text(
        f"可以从轻处{low}元以上{high}元以下罚款，或者减轻处低于{low}元的罚款"
    )


def refuse(page: Page, field: str, text: str) -> Locator:
    """Type `text` into the labelled field and calculate; return the field's error."""
    widget = page.locator(".calc")
    before = state(page)
    widget.get_by_label(field).fill(text)
    widget.get_by_role("button", name="Calculate").click()
    page.wait_for_function(f"window.CSL_CALC_STATE.refused > {before.get('refused') or 0}")
    after = state(page)
    assert after["results"] == before["results"]  # the calculator was not asked
    assert after["lastInput"] == before["lastInput"]
    expect(widget.get_by_label(field)).to_have_attribute("aria-invalid", "true")
    # the earlier result stays in view, marked as not matching the input, and cannot be copied
    expect(widget.locator(".calc-result.calc-result--stale .calc-stale-note")).to_be_visible()
    expect(widget.locator(".calc-copy")).to_be_disabled()
    return widget.locator(".calc-field:has(> input[aria-invalid]) .calc-field-error")


def test_an_ambiguous_comma_is_refused_beside_the_field_not_guessed(
    visit: Visit, nginx_site: Served
) -> None:
    page = visit("law/csl/2025/article-63/")
    wait_for_result(page)
    widget = page.locator(".calc")
    for typed in ("8,5", "1.234,56", "12,50", "0,125"):
        error = refuse(page, "Illegal gains", typed)
        expect(error).to_be_visible()
        expect(error.locator("[lang=en]")).to_contain_text(f"“{typed}”: this comma is ambiguous")
        expect(error.locator("[lang=en]")).to_contain_text("Write decimals with a point (8.5)")
        expect(error.locator("[lang=zh-Hans]")).to_contain_text(f"“{typed}”中的逗号有歧义")
    error = refuse(page, "Illegal gains", "1e400")
    expect(error.locator("[lang=en]")).to_contain_text("too large to be represented")

    # thousands separators in CNY amounts: unambiguous (the yuan has two decimal places)
    for typed, value in (("1,000,000", 1_000_000), ("8,500", 8500), ("1,234.56", 1234.56)):
        results = state(page)["results"]
        widget.get_by_label("Illegal gains").fill(typed)
        widget.get_by_role("button", name="Calculate").click()
        done = wait_for_result(page, results)
        assert done["lastInput"]["illegal_gains"] == value
        assert json.loads(done["lastOutput"]) == cli("fine", done["lastInput"])
        expect(widget.get_by_label("Illegal gains")).not_to_have_attribute("aria-invalid", "true")
        expect(widget.locator(".calc-result .calc-result-body")).to_have_count(1)
        expect(widget.locator(".calc-result--stale")).to_have_count(0)

    # a measure (Tbps) takes no comma at all; a count (entries) takes thousands separators
    page = visit("calculators/certification/?product=router")
    wait_for_result(page)
    widget = page.locator(".calc")
    error = refuse(page, "Whole system throughput bidirectional", "1,250")
    expect(error.locator("[lang=en]")).to_contain_text("Write the figure without commas")
    results = state(page)["results"]
    widget.get_by_label("Whole system throughput bidirectional").fill("13")
    widget.get_by_label("Whole system routing table capacity").fill("400,000")
    widget.get_by_role("button", name="Calculate").click()
    done = wait_for_result(page, results)
    assert done["lastInput"]["specs"] == {
        "whole_system_throughput_bidirectional": 13,
        "whole_system_routing_table_capacity": 400000,
    }
    assert json.loads(done["lastOutput"]) == cli("certification", done["lastInput"])
    error = refuse(page, "Whole system routing table capacity", "2,5")
    expect(error.locator("[lang=en]")).to_contain_text("Give a whole number")


def test_pipl_article_66_widget_equals_the_command_line_with_both_caps(
    visit: Visit, nginx_site: Served
) -> None:
    page = visit("law/pipl/2021/article-66/")
    widget = page.locator(".calc")
    first = wait_for_result(page)
    assert first["lastInput"]["law"] == "pipl" and first["lastInput"]["article"] == 66
    assert json.loads(first["lastOutput"]) == cli("fine", first["lastInput"])
    expect(widget.locator("select[name=law]")).to_have_value("pipl")
    turnover = widget.locator(".calc-field[data-field=annual_turnover]")
    expect(turnover).to_be_hidden()  # ¶1 has no turnover cap: the form does not ask for it

    # serious circumstances (¶2): the turnover is asked for, and both caps are shown
    widget.locator("select[name=paragraph]").select_option("2")
    expect(turnover).to_be_visible()
    widget.get_by_label("Previous year's turnover").fill("2,000,000,000")
    widget.get_by_role("button", name="Calculate").click()
    page.wait_for_function("window.CSL_CALC_STATE.lastInput.annual_turnover === 2000000000")
    page.wait_for_function("document.querySelector('.calc').getAttribute('aria-busy') === null")
    after = state(page)
    expected = cli("fine", after["lastInput"])
    assert json.loads(after["lastOutput"]) == expected
    assert expected["outcomes"][0]["fine"]["caps"]["higher"] == "turnover_share"
    entity = widget.locator(".calc-result tr[data-party=entity] td.calc-fine")
    expect(entity.locator(".calc-en")).to_contain_text("up to CNY 100,000,000")
    expect(entity.locator(".calc-en")).to_contain_text(
        "CNY 50,000,000, or 5% of the previous year's turnover of CNY 2,000,000,000"
    )
    expect(entity.locator(".calc-zh")).to_contain_text("上一年度营业额2,000,000,000元的百分之5")
    expect(widget.locator(".calc-applied .calc-en").first).to_contain_text("the PIPL (2021)")
    cite = widget.locator(".calc-applied a.calc-cite[lang=en]")
    expect(cite).to_have_attribute("href", nginx_site.url() + "law/pipl/2021/article-66/#p2")
    assert all("127.0.0.1" in u for u in visit.requests)


def test_csl_article_71_leads_to_pipl_article_66(visit: Visit, nginx_site: Served) -> None:
    page = visit("law/csl/2025/article-71/")
    link = page.locator("article a[href$='pipl/2021/article-66/']").first
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile(r"law/pipl/2021/article-66/(#[\w-]*)?$"))
    expect(page.locator("h1")).to_contain_text("第六十六条")
    expect(page.locator(".calc-table").first).to_contain_text("五千万元")


def test_one_act_under_two_laws_is_computed_in_the_form_and_shared(
    visit: Visit, nginx_site: Served
) -> None:
    page = visit("calculators/fine/?version=2025&article=61&paragraph=3&tier=serious")
    widget = page.locator(".calc")
    wait_for_result(page)
    widget.get_by_role("button", name="Add a provision breached by the same act").click()
    row = widget.locator(".calc-also-row").first
    row.locator("select[name=also-law]").select_option("pipl")
    expect(row.locator("select[name=also-article]")).to_have_value("66")
    page.wait_for_function(
        "(window.CSL_CALC_STATE.lastInput.violations || []).length === 2 && "
        "window.CSL_CALC_STATE.lastInput.violations[1].law === 'pipl' && "
        "document.querySelector('.calc').getAttribute('aria-busy') === null"
    )
    after = state(page)
    assert after["lastInput"]["violations"][0] == {
        "law": "csl",
        "version": "2025",
        "article": 61,
        "paragraph": 3,
        "tier": "serious",
    }
    expected = cli("fine", after["lastInput"])
    assert json.loads(after["lastOutput"]) == expected
    assert expected["governing_violation"] == 0
    result = widget.locator(".calc-result")
    expect(result.locator(".calc-applied .calc-en").first).to_contain_text(
        "fined once, under the provision with the higher fine"
    )
    expect(result.locator(".calc-applied a.calc-cite[lang=en]")).to_have_attribute(
        "href", nginx_site.url() + "law/csl/2025/article-61/#p3"
    )
    each = result.locator(".calc-violations > li")
    expect(each).to_have_count(2)
    expect(each.nth(1).locator("a.calc-cite[lang=en]").first).to_have_attribute(
        "href", nginx_site.url() + "law/pipl/2021/article-66/#p1"
    )
    # the address carries both provisions; opening it reproduces the result
    assert "also=pipl.2021.66.1..base" in page.url
    other = visit.url(page.url)
    reproduced = wait_for_result(other)
    assert reproduced["lastInput"] == after["lastInput"]
    assert reproduced["lastOutput"] == after["lastOutput"]
    # removing the other provision goes back to one clause
    row.get_by_role("button", name="Remove this provision").click()
    page.wait_for_function("!('violations' in window.CSL_CALC_STATE.lastInput)")
    assert "also=" not in page.url


def test_every_penalty_article_and_calculator_link_shows_the_builds_result_without_python(
    visit: Visit, nginx_site: Served, built_site: Path
) -> None:
    articles = {
        f"law/{law}/{version}/article-{n}/"
        for (law, version), numbers in PENALTY_ARTICLES.items()
        for n in numbers
    }
    links = {
        "calculators/fine/" + unescape(query)
        for page in built_site.rglob("*.html")
        for query in re.findall(
            r'href="[^"?#]*calculators/fine/(\?[^"#]*)"', page.read_text(encoding="utf-8")
        )
    }
    starts = sorted(articles | links | {"calculators/fine/"})
    assert len(starts) > 62  # the 62 penalty articles and the commentary's links
    page = visit("")
    for path in starts:
        page.goto(visit.site.url() + path)
        done = wait_for_result(page)
        assert done["lastPrebuilt"] is True, path
        assert done["results"] == 1, path
    assert pyodide_files(visit.requests) == []


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def test_the_form_is_usable_by_keyboard_and_screen_reader(visit: Visit, nginx_site: Served) -> None:
    page = visit("law/csl/2025/article-63/")
    wait_for_result(page)
    widget = page.locator(".calc")
    gains = widget.get_by_label("Illegal gains")
    described = (gains.get_attribute("aria-describedby") or "").split()
    assert len(described) == 2
    help_text = page.locator(f"#{described[1]}")
    expect(help_text).to_contain_text("Illegal gains (违法所得)")
    # the help text is readable: at least 4.5:1 against the page and 12 px
    style = help_text.evaluate(
        "e => { const s = getComputedStyle(e); return [s.color, parseFloat(s.fontSize)]; }"
    )
    assert style[1] >= 12, style
    # a focus ring on the focused control
    gains.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    ring = gains.evaluate(
        "e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth"
    )
    assert ring.startswith("solid") and not ring.endswith(" 0px"), ring
    # Chinese amounts: 100万 is one million yuan
    results = state(page)["results"]
    gains.fill("100万")
    widget.get_by_role("button", name="Calculate").click()
    done = wait_for_result(page, results)
    assert done["lastInput"]["illegal_gains"] == 1_000_000
    expect(widget.locator(".calc-announce")).to_have_text("Result updated. 计算结果已更新。")
    # a date in the future is refused beside the field; the result stays, marked stale
    error = refuse(page, "Date of the conduct", "2999-01-01")
    expect(error.locator("[lang=en]")).to_contain_text("is after today")
    # axe: nothing serious or critical in the calculator with a result (help-text contrast too)
    page.add_script_tag(path=str(AXE))
    findings = page.evaluate(
        """async () => (await axe.run('.calc', {resultTypes: ['violations']})).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"""
    )
    assert findings == []
