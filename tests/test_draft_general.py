"""Drafting texts kb was not written for: CRS-style prose written for these tests (fictional
where it names figures), in the varied phrasing CRS uses.  Never copies of real reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from kb.draft.build import build_draft
from kb.draft.extract import extract
from kb.draft.extractors import EXTRACTORS, Candidate, Context, register, unregister
from kb.draft.segment import Sentence, sentences
from kb.ingest.readers import read_revision
from kb.ingest.readers.layout import interleaved_columns
from kb.ingest.readers.revision import revision_from_text

V = dt.date(2024, 5, 22)  # FY2024


def _money(text: str, title: str | None = None, version: dt.date = V) -> list[Candidate]:
    return [c for c in extract(sentences(text), version=version, title=title)
            if c.kind == "appropriation"]


def _row(c: Candidate) -> tuple[Any, ...]:
    f = c.fields
    return (f["amount_usd"], f["qualifier"], f.get("fy_start"), f.get("fy_end"), f.get("status"),
            f.get("account"), f.get("recipient"))


def test_qualifiers_ranges_and_two_figures_in_one_sentence() -> None:
    text = (
        "Between FY2016 and FY2020, Congress appropriated in excess of $2.25 billion in Foreign "
        "Military Financing (FMF) for Jordan, including upwards of $40 million for border "
        "security. For fiscal years 2021 through 2023 the State Department allocated roughly "
        "$600 million annually to Jordan. The Administration requested close to $1.1 "
        "billion\nfor FY2025, not to exceed $300 million of which may be for IMET."
    )
    got = [_row(c) for c in _money(text)]
    assert got == [
        (Decimal(2250000000), "more_than", 2016, 2020, "appropriated", "FMF", "Jordan"),
        (Decimal(40000000), "more_than", 2016, 2020, "appropriated", None, "Jordan"),
        (Decimal(600000000), "about", 2021, 2023, "allocated", None, "Jordan"),
        (Decimal(1100000000), "nearly", 2025, 2025, "requested", None, "Jordan"),
        (Decimal(300000000), "up_to", 2025, 2025, "requested", "IMET", "Jordan"),
    ]
    assert "recipient from an earlier sentence" in _money(text)[3].check


def test_to_date_since_and_unstated_years_are_inferred_or_needed() -> None:
    text = (
        "Since FY2015, Congress has provided more than $1.4 billion under the Section 333 "
        "authority to partners in the Sahel. To date, the United States has committed $3 "
        "billion in security assistance to Moldova.\n\nThe program received $12 million."
    )
    since, to_date, bare = _money(text)
    assert _row(since)[:7] == (Decimal(1400000000), "more_than", 2015, 2024, "appropriated",
                               "SEC333", "Sahel")
    assert any("inferred" in c for c in since.check)
    assert (to_date.fields.get("fy_start"), to_date.fields["fy_end"]) == (None, 2024)
    assert to_date.needs == ["fy_start"] and to_date.fields["status"] == "committed"
    assert set(bare.needs) >= {"fy_start", "fy_end", "recipient"}  # nothing guessed


def test_fiscal_years_from_the_heading_and_an_earlier_sentence() -> None:
    text = (
        "FY2024 Appropriations\n\n"
        "Congress appropriated $85 million in INCLE for Guatemala. It also provided $12.5 "
        "million in ESF.\n\n"
        "The enacted measure provided $4 million for Belize."
    )
    first, second, third = _money(text)
    assert (first.fields["fy_start"], first.check) == (2024, [
        "FY from the heading (inferred)", "amount, FY, account, status"])
    assert (second.fields["fy_start"], second.fields["account"]) == (2024, "ESF")
    assert (third.fields["fy_start"], third.fields["recipient"]) == (2024, "Belize")


def test_recipients_from_the_gazetteer_never_a_default_country() -> None:
    text = (
        "Congress appropriated $45 million in FY2023 for the Northern Triangle. "
        "It provided $9 million in FY2023 to the Dominican Republic and $2 million in FY2023 "
        "to Dominica. Russia's war led the Administration to request $800 million for "
        "Ukraine in FY2023. Congress appropriated $70 million for global programs in FY2023."
    )
    assert [c.fields.get("recipient") for c in _money(text)] == [
        "Northern Triangle", "Dominican Republic", "Dominica", "Ukraine", "global"]
    # no place in the sentence and none in the title: a need, not Mexico
    (alone,) = _money("Congress appropriated $5 million in FY2023 for radar upgrades.")
    assert "recipient" not in alone.fields and "recipient" in alone.needs
    (titled,) = _money("Congress appropriated $5 million in FY2023 for radar upgrades.",
                       title="U.S. Security Assistance to Colombia")
    assert titled.fields["recipient"] == "Colombia" and "recipient from the title" in titled.check


def test_statuses_supplemental_bill_stages_and_comparisons() -> None:
    text = (
        "The FY2024 request sought $2.9 billion for Title IV accounts, a 4.1% increase from "
        "FY2023 enacted levels. The Senate Appropriations Committee recommended $310 million "
        "in FY2024 for Haiti. The Department had obligated $25 million and disbursed $11 "
        "million of FY2022 funds to Haiti. The State Department notified Congress of $14 "
        "million for Haiti in FY2023. The emergency supplemental appropriations act provided "
        "$6 billion for Israel in FY2024."
    )
    got = _money(text)
    assert [(c.fields["status"], c.fields.get("fy_start")) for c in got] == [
        ("requested", 2024), ("committee_reported", 2024), ("obligated", 2022),
        ("disbursed", 2022), ("notified", 2023), ("appropriated", 2024)]
    assert "Supplemental" in got[-1].fields["note"]


def test_money_split_by_line_breaks_and_damaged_scales() -> None:
    text = "Congress appropriated $18\nbillion in FY2023 for Ukraine and $1.3 bil ion in FY2024."
    assert [c.fields["amount_usd"] for c in _money(text)] == [Decimal(18 * 10**9),
                                                              Decimal(13 * 10**8)]


def _indicators(text: str) -> list[dict[str, Any]]:
    return [c.fields | {"needs": c.needs} for c in extract(sentences(text), version=V)
            if c.kind == "indicator"]


def test_rates_percents_and_counts() -> None:
    got = _indicators(
        "Honduras recorded a homicide rate of 31 per 100,000 people in 2023. About 62% of "
        "the assistance went to police training. The program trained 4,500 prosecutors and "
        "delivered 32 patrol boats. It ran for 60 days. The share rose 12 percent."
    )
    rate = next(g for g in got if g["unit"].startswith("per"))
    assert (rate["name"], rate["value"], rate["unit"]) == ("homicide rate", Decimal(31),
                                                           "per 100,000 people")
    assert not any(g["value"] == Decimal(100000) for g in got)  # the base is not a value
    share = next(g for g in got if g["value"] == Decimal(62))
    assert share["name"] == "share of the assistance" or share["name"].startswith("share of")
    counts = {(g["value"], g["unit"]) for g in got if g["unit"] not in ("percent",)
              and not g["unit"].startswith("per")}
    assert counts == {(Decimal(4500), "prosecutors"), (Decimal(32), "boats")}
    rise = next(g for g in got if g["value"] == Decimal(12))
    assert "name" in rise["needs"] or rise["name"] not in ("The", "12")  # unnamed: a need
    for g in got:  # never a sentence's first word, never a bare number
        assert g.get("name") not in ("Honduras", "About", "The", "It") and not str(
            g.get("name", "x")).replace(",", "").isdigit()


def test_forward_looking_and_future_dates_are_not_events() -> None:
    text = (
        "In March 2023, the House passed a bill that would expand the program. "
        "Congress may consider a successor agreement in January 2025. "
        "The agreement is expected to expire in September 2024. "
        "The memorandum runs until December 2030."
    )
    dates = [c.fields["date"] for c in extract(sentences(text), version=V)
             if c.kind == "event"]
    assert dates == ["2023-03"]


def test_designation_types_from_the_vocabulary() -> None:
    got = [c for c in extract(sentences(
        "In February 2025, the State Department designated eight groups as Foreign "
        "Terrorist Organizations (FTOs); in 2019 it designated a major non-NATO ally."),
        version=dt.date(2025, 8, 1)) if c.kind == "designation"]
    assert {c.fields["designation_type"] for c in got} == {"FTO", "MNNA"}
    assert all(c.fields.get("count") == 8 or "designee" in c.needs for c in got)


def test_header_from_first_lines_metadata_or_the_file_name(tmp_path: Path) -> None:
    catalogue = ("Library | Catalogue\n\nhandle is crs/x and id is 1 raw text is: U.S. Aid "
                 "to Ruritania\n\nUpdated March 3, 2022\n\nCongress acted.")
    r = revision_from_text(catalogue, "x.txt", "txt")
    assert (r.title, r.date) == ("U.S. Aid to Ruritania", dt.date(2022, 3, 3))
    wrapped = ("INSIGHT\nThe Long Title of an Insight on\nSecurity Assistance\n\n"
               "August 23, 2021 (IN99999)\n\nText.")
    r = revision_from_text(wrapped, "y.txt", "txt")
    assert (r.title, r.date, r.product) == (
        "The Long Title of an Insight on Security Assistance", dt.date(2021, 8, 23), "IN99999")
    path = tmp_path / "IF99998_2019-03-06.txt"
    path.write_text("Congress appropriated $5 million in FY2019.\n", "utf-8")
    r = read_revision(path)
    assert (r.title, r.date, r.product) == (None, dt.date(2019, 3, 6), "IF99998")


def test_a_missing_title_is_a_review_need_and_load_refuses_it(
    migrated_url: str, kb: Any, tmp_path: Path
) -> None:
    path = tmp_path / "IF99998_2019-03-06.txt"
    path.write_text("Congress appropriated $5 million in FY2019 for Moldova.\n", "utf-8")
    out = tmp_path / "out"
    drafted = kb("draft", str(path), "--report", "IF99998", "-o", str(out), db=migrated_url)
    assert drafted.code == 0, drafted.err
    data = yaml.safe_load((out / "IF99998" / "2019-03-06.yaml").read_text("utf-8"))
    assert data["title"] is None and data["needs"] == ["title"]
    refused = kb("load", str(out / "IF99998"), "--accept-draft", db=migrated_url)
    assert refused.code == 2 and "[open-needs]" in refused.err and "title" in refused.err
    data["title"] = "U.S. Aid to Ruritania"
    del data["needs"], data["check"]
    (out / "IF99998" / "2019-03-06.yaml").write_text(yaml.safe_dump(data), "utf-8")
    loaded = kb("load", str(out / "IF99998"), "--accept-draft", db=migrated_url)
    assert loaded.code == 0, loaded.err
    assert kb("verify", "--no-seeds", db=migrated_url).code == 0


LEFT = ["The United States began the", "initiative in 2010 to help", "partners in the region",
        "counter illicit trafficking", "across the Caribbean basin", "with training and gear."]
RIGHT = ["Congress appropriated the", "program $40 million for", "FY2021 and more for", "FY2022,",
         "a steady rise in support", "for the whole region."]


def test_two_columns_flattened_line_by_line_are_detected() -> None:
    # a summary paragraph holds the phrases whole, as a report's text does
    summary = " ".join(LEFT) + " " + " ".join(RIGHT)
    interleaved = "\n".join(x for pair in zip(LEFT, RIGHT, strict=True) for x in pair)
    single = "\n".join(LEFT + RIGHT)
    text = summary + "\n\n" + interleaved
    assert interleaved_columns(text)
    assert not interleaved_columns(summary + "\n\n" + single)
    r = revision_from_text("Updated May 1, 2021\n\n" + text, "z.txt", "txt")
    assert r.warnings and "two columns" in r.warnings[0]


OLDER = ("U.S. Aid to Ruritania\n\nUpdated January 10, 2023\n\nSince FY2015, Congress has "
         "appropriated more than $1.2 billion for Ruritania. In March 2022, officials signed "
         "a new memorandum.")
NEWER = ("U.S. Aid to Ruritania\n\nUpdated June 5, 2024\n\nCongress has appropriated more "
         "than $1.4 billion for Ruritania from FY2015 through FY2024. In March 2022, officials "
         "signed a new memorandum. In April 2024, Ruritania received 12 patrol boats.")


def test_a_restated_figure_keeps_its_id_in_either_direction() -> None:
    old = build_draft(revision_from_text(OLDER, "o.txt", "txt").text, [], {},
                      version=dt.date(2023, 1, 10), title="U.S. Aid to Ruritania")
    from kb.draft.run import constructed

    reference = [constructed(d.kind, d.fields) for d in old.facts]
    new = build_draft(revision_from_text(NEWER, "n.txt", "txt").text, reference, {},
                      version=dt.date(2024, 6, 5), title="U.S. Aid to Ruritania")
    old_total = next(d for d in old.facts if d.kind == "appropriation")
    new_total = next(d for d in new.facts if d.kind == "appropriation")
    assert new_total.id == old_total.id and new_total.review == "revised"
    assert (new_total.fields["amount_usd"], new_total.fields["fy_end"]) == (
        Decimal(1400000000), 2024)
    assert any(d.review == "new" and d.kind == "indicator" for d in new.facts)  # new facts too
    # the other way: the older revision drafted against the newer one keeps the same id
    back = build_draft(revision_from_text(OLDER, "o.txt", "txt").text,
                       [constructed(d.kind, d.fields) for d in new.facts], {},
                       version=dt.date(2023, 1, 10), title="U.S. Aid to Ruritania")
    assert next(d for d in back.facts if d.kind == "appropriation").id == new_total.id


def test_the_default_reference_is_the_nearest_held_version_before_or_after(
    migrated_url: str, kb: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "seed" / "IF99997"
    folder.mkdir(parents=True)
    (folder / "report.yaml").write_text("number: IF99997\ntype: In Focus\nauthors:\n"
                                        "- name: A Test Author\n", "utf-8")
    text = NEWER.replace("Ruritania", "Freedonia")
    (folder / "2024-06-05.txt").write_text(text, "utf-8")
    quote = next(s.text for s in sentences(text) if "$1.4 billion" in s.text)
    (folder / "2024-06-05.yaml").write_text(yaml.safe_dump({
        "report": "IF99997", "version": "2024-06-05", "title": "U.S. Aid to Freedonia",
        "facts": [{"id": "freedonia-total", "kind": "appropriation", "amount_usd": 1400000000,
                   "qualifier": "more_than", "fy_start": 2015, "fy_end": 2024,
                   "recipient": "Freedonia", "status": "appropriated", "quote": quote}]},
        allow_unicode=True), "utf-8")
    assert kb("load", str(folder), db=migrated_url).code == 0
    older = tmp_path / "IF99997_2023-01-10.txt"
    older.write_text(OLDER.replace("Ruritania", "Freedonia"), "utf-8")
    out = tmp_path / "out"
    result = kb("draft", str(older), "--report", "IF99997", "-o", str(out), "--format", "json",
                db=migrated_url)
    assert result.code == 0, result.err
    assert "aligned to IF99997@2024-06-05, the newer version held" in result.err
    rows = {r["id"]: r for r in result.json()}
    assert rows["freedonia-total"]["review"] == "revised"
    assert any(r["review"] == "new" for r in rows.values())


def test_a_team_registers_its_own_extractor() -> None:
    def boats(sentence: Sentence, context: Context) -> list[Candidate]:
        if "patrol boats" not in sentence.text:
            return []
        return [Candidate({"kind": "indicator", "name": "boats delivered", "value": Decimal(1),
                           "unit": "boat"}, sentence.index, ["from the team's extractor"])]

    register(boats, "team-boats")  # type: ignore[arg-type]
    try:
        with pytest.raises(ValueError, match="already registered"):
            register(boats, "team-boats")  # type: ignore[arg-type]
        got = extract(sentences("In April 2024, Ruritania received 12 patrol boats."),
                      version=V)
        assert any(c.fields.get("name") == "boats delivered" for c in got)
    finally:
        unregister("team-boats")
    assert all(e.name != "team-boats" for e in EXTRACTORS)


def test_calendar_spans_end_in_the_versions_calendar_year() -> None:
    text = ("Since Russia's invasion in February 2022, the United States has committed $9 "
            "billion to Moldova. Over the past 10 years, aid to Moldova has totaled nearly $2 "
            "billion.")
    got = _money(text, version=dt.date(2023, 10, 5))  # FY2024, calendar 2023
    assert [(c.fields["fy_start"], c.fields["fy_end"], c.fields["status"]) for c in got] == [
        (2022, 2023, "committed"), (2013, 2023, "reported")]
    assert all(any("calendar" in x for x in c.check) for c in got)


def test_a_place_inside_a_program_name_is_not_a_recipient() -> None:
    (got,) = _money("Congress appropriated $20 million in FY2023 for the Central America "
                    "Regional Security Initiative (CARSI) partners.",
                    title="The Caribbean Basin Security Initiative")
    assert got.fields["recipient"] == "Caribbean"


def test_status_verbs_outrank_nouns_and_each_figure_keeps_its_own_cue() -> None:
    text = ("From FY2002 through FY2021, Congress appropriated $140 billion for Afghanistan. "
            "From that total, $80 billion was for security, mostly through the Afghanistan "
            "Security Forces Fund (ASFF), which received $75 billion. The Administration asked "
            "Congress for FY2000 supplemental appropriations of $950 million for Colombia.")
    got = _money(text, version=dt.date(2021, 8, 23))
    assert [(c.fields["status"], c.fields["fy_start"], c.fields["fy_end"]) for c in got] == [
        # "received" is money provided: appropriated, as "provided" is
        ("appropriated", 2002, 2021), ("appropriated", 2002, 2021), ("appropriated", 2002, 2021),
        ("requested", 2000, 2000)]


def test_a_figure_restated_in_another_sentence_keeps_its_id() -> None:
    from kb.draft.run import constructed

    old_text = ("U.S. Aid to Moldova\n\nRegular defense appropriations included $300 million "
                "for USAI in FY2022. Congress acted quickly.")
    new_text = ("U.S. Aid to Moldova\n\nMuch has changed. Lawmakers kept the Pentagon's "
                "train-and-equip line for Moldova flat in FY2023, with $300 million going to "
                "USAI again while the broader debate over security partners went on.")
    old = build_draft(old_text, [], {}, version=dt.date(2022, 4, 1), title="U.S. Aid to Moldova")
    new = build_draft(new_text, [constructed(d.kind, d.fields) for d in old.facts], {},
                      version=dt.date(2023, 4, 1), title="U.S. Aid to Moldova")
    before = next(d for d in old.facts if d.kind == "appropriation")
    after = next(d for d in new.facts if d.kind == "appropriation")
    assert after.id == before.id and after.review == "revised"
    assert any("restated in another sentence" in c for c in after.check)
    assert not any(f.id == before.id for f in new.dropped)


def test_a_carried_fact_keeps_the_needs_of_the_draft_it_came_from() -> None:
    from kb.draft.run import constructed

    text = "Updated May 1, 2024\n\nThe program received $12 million for radar upgrades."
    first = build_draft(text, [], {}, version=dt.date(2024, 5, 1))
    (figure,) = [d for d in first.facts if d.kind == "appropriation"]
    assert {"fy_start", "fy_end", "recipient", "status"} <= set(figure.needs) | {"status"}
    again = build_draft(text, [constructed(d.kind, d.fields) for d in first.facts], {},
                        version=dt.date(2024, 6, 1))
    (carried,) = [d for d in again.facts if d.kind == "appropriation"]
    assert carried.review == "carried" and set(carried.needs) >= {"fy_start", "recipient"}
    assert not again.skipped  # kept, with its needs; never dropped silently


def test_a_percent_of_which_is_not_named_which() -> None:
    got = _indicators("Deaths reached 900 in 2023, 40% of which were linked to fentanyl.")
    share = next(g for g in got if g["value"] == Decimal(40))
    assert "name" not in share and "name" in share["needs"]


def test_a_fact_of_any_held_version_is_carried_with_its_id(
    migrated_url: str, kb: Any, tmp_path: Path
) -> None:
    """Held: 2022 and 2024; drafted: 2023, which still says what 2022 said and 2024 dropped."""
    folder = tmp_path / "seed" / "IF99996"
    folder.mkdir(parents=True)
    (folder / "report.yaml").write_text("number: IF99996\ntype: In Focus\nauthors:\n"
                                        "- name: A Test Author\n", "utf-8")
    kept = "In March 2021, Moldova and the United States signed a training agreement."
    texts = {"2022-01-10": f"U.S. Aid to Moldova\n\nUpdated January 10, 2022\n\n{kept}",
             "2024-01-10": "U.S. Aid to Moldova\n\nUpdated January 10, 2024\n\nIn May 2023, "
                           "officials met in Chisinau."}
    quotes = {"2022-01-10": ("training-agreement-2021", "2021-03", kept),
              "2024-01-10": ("chisinau-meeting-2023", "2023-05",
                             "In May 2023, officials met in Chisinau.")}
    for date, text in texts.items():
        (folder / f"{date}.txt").write_text(text, "utf-8")
        fact_id, when, quote = quotes[date]
        (folder / f"{date}.yaml").write_text(yaml.safe_dump({
            "report": "IF99996", "version": date, "title": "U.S. Aid to Moldova",
            "facts": [{"id": fact_id, "kind": "event", "date": when, "summary": quote,
                       "quote": quote}]}), "utf-8")
    assert kb("load", str(folder), db=migrated_url).code == 0
    middle = tmp_path / "IF99996_2023-06-10.txt"  # nearer 2024: the reference
    middle.write_text(f"U.S. Aid to Moldova\n\nUpdated June 10, 2023\n\n{kept}", "utf-8")
    result = kb("draft", str(middle), "--report", "IF99996", "-o", str(tmp_path / "out"),
                "--format", "json", db=migrated_url)
    assert result.code == 0, result.err
    rows = {r["id"]: r for r in result.json()}
    assert rows["training-agreement-2021"]["review"] == "carried"
    assert rows["chisinau-meeting-2023"]["review"] == "dropped"


def test_period_bounds_mastheads_and_date_lines_are_not_events() -> None:
    text = (
        "1 1 (October 5, 2023)\n\n"
        "Congressional Research Service Informing the legislative debate since 1914\n\n"
        "From 2014, when Russia first invaded Ukraine, through October 5, 2023, the United "
        "States has committed more than $40 billion to Ukraine. The program has used a variety "
        "of authorities since 2015."
    )
    dates = sorted(c.fields["date"] for c in extract(sentences(text), version=dt.date(2023, 10, 5))
                   if c.kind == "event")
    assert dates == ["2014", "2015"]  # not the date line, the masthead or the period's end


def test_a_restated_statistic_carries_its_new_value_not_the_old() -> None:
    """A percent revised from 17.3% to 17.2% in a restated sentence: the revised fact holds
    17.2 (it held the old value beside the new quote before)."""
    from kb.draft.run import constructed

    old_text = ("The FY2023 request represented a 17.3% increase from FY2022 enacted base "
                "appropriations and a 0.9% decrease from total FY2022 enacted appropriations.")
    new_text = ("The FY2023 request, including rescissions, represented a 17.2% increase from "
                "FY2022 enacted base appropriations and a 22.8% decrease from total FY2022 "
                "enacted appropriations.")
    old = build_draft(old_text, [], {}, version=dt.date(2022, 4, 18))
    new = build_draft(new_text, [constructed(d.kind, d.fields) for d in old.facts], {},
                      version=dt.date(2022, 8, 5))
    values = {d.id: d.fields["value"] for d in new.facts if d.kind == "indicator"}
    olds = {d.id: d.fields["value"] for d in old.facts if d.kind == "indicator"}
    assert set(values) == set(olds)  # the same ids
    assert sorted(values.values()) == [Decimal("17.2"), Decimal("22.8")]
    for d in new.facts:
        if d.kind == "indicator":
            assert str(d.fields["value"]) in d.fields["quote"].replace("%", " ")


def test_held_out_patterns_months_named_may_running_totals_and_lists() -> None:
    """Patterns a held-out reading found: "On May 14, 2008," is a date, not a modal; "through
    FY2018" is a running total with its start unstated; "between 1946 and 2016" a span; an
    "appropriations request" a request; a list of recipients says so; "3,000 U.S. troops"."""
    events = [c.fields["date"] for c in extract(sentences(
        "On May 14, 2008, the House committee approved the bill."), version=V)
        if c.kind == "event"]
    assert events == ["2008-05-14"]
    text = ("Through FY2018, U.S. aid to Jordan amounted to $22 billion. Between 1946 and 2016, "
            "aid to Egypt totaled $78 billion. The Administration requested $500 million for "
            "Mexico and $50 million for the Central American countries in its supplemental "
            "appropriations request for FY2008. Congress provided $65 million in FY2008 for "
            "Central America, Haiti, and the Dominican Republic.")
    jordan, egypt, mexico, central, listed = _money(text, version=dt.date(2018, 6, 1))
    assert (jordan.fields.get("fy_start"), jordan.fields["fy_end"], jordan.needs) == (
        None, 2018, ["fy_start"])
    assert (egypt.fields["fy_start"], egypt.fields["fy_end"]) == (1946, 2016)
    assert [c.fields["status"] for c in (mexico, central)] == ["requested", "requested"]
    assert (central.fields["recipient"], mexico.fields["recipient"]) == ("Central America",
                                                                         "Mexico")
    assert listed.fields["recipient"] == "Central America"
    assert any(c.startswith("recipient: several named") for c in listed.check)
    counts = [g["value"] for g in _indicators("Nearly 3,000 U.S. troops deployed in 2021.")]
    assert Decimal(3000) in counts


def test_a_restated_event_takes_its_new_date_and_a_measure_leaves_a_sentence_without_it(
) -> None:
    from kb.draft.run import constructed

    old_text = ("In August 2009, Congress released $60 million under P.L. 110-252. Officials "
                "met in June 2008 to review the program.")
    new_text = ("In January 2010, Congress released $60 million under the act. Officials met "
                "in June 2009 to review the program.")
    old = build_draft(old_text, [], {}, version=dt.date(2009, 8, 21))
    new = build_draft(new_text, [constructed(d.kind, d.fields) for d in old.facts], {},
                      version=dt.date(2010, 1, 21))
    for d in new.facts:
        if d.kind == "event":  # every event's date is in its own quote
            year = str(d.fields["date"])[:4]
            assert year in d.fields["quote"], (d.id, d.fields["date"], d.fields["quote"])
    assert not any(d.kind == "measure" for d in new.facts)  # P.L. 110-252 is not cited now
    assert any(f.kind == "measure" for f in new.dropped)


def test_a_stage_noun_outranks_a_verb_that_only_reports() -> None:
    text = ("Section 1206 obligations totaled about $120 million in FY2010, $250 million in "
            "FY2011 and $310 million in FY2012. Appropriations for the account averaged $45 "
            "million a year over FY2013-FY2015. Disbursements reached $9 million in FY2016.")
    got = [(c.fields["status"], c.fields["fy_start"]) for c in _money(text)]
    assert got == [("obligated", 2010), ("obligated", 2011), ("obligated", 2012),
                   ("appropriated", 2013), ("disbursed", 2016)]


def test_a_promise_governs_the_verb_it_introduces() -> None:
    text = ("Under a 2031 memorandum, the United States pledges to provide $4 billion in FMF to "
            "Ruritania over FY2032-FY2036. The Administration agreed to provide $75 million for "
            "FY2031. A separate understanding commits the Administration to seeking $900 "
            "million a year (FY2032-FY2038), subject to appropriations. Congress provided $60 "
            "million in FY2030.")
    got = [(c.fields["amount_usd"], c.fields["status"]) for c in _money(text)]
    assert got == [(Decimal(4000000000), "committed"), (Decimal(75000000), "committed"),
                   (Decimal(900000000), "committed"), (Decimal(60000000), "appropriated")]


def test_transfer_authorities_and_caps_are_authorizations() -> None:
    text = ("In the FY2016 omnibus act, Congress permitted DOD and the State Department to "
            "transfer up to $150 million to the Global Security Contingency Fund, with a limit of "
            "$120 million from DOD. The act also set an FY2016 drawdown cap of $100 million. It "
            "appropriated $30 million for IMET in FY2016.")
    got = [(c.fields["amount_usd"], c.fields["status"], c.fields.get("account"))
           for c in _money(text)]
    assert got == [(Decimal(150000000), "authorized", "GSCF"),
                   (Decimal(120000000), "authorized", None),
                   (Decimal(100000000), "authorized", None),
                   (Decimal(30000000), "appropriated", "IMET")]


def test_open_ranges_written_the_ways_crs_writes_them() -> None:
    text = ("From FY2011 to the present, annual ESF aid to Freedonia has averaged around $80 "
            "million. Annual INCLE aid has averaged $20 million.\n\n"
            "Since the signing of the accords in the mid-1990s, the United States has committed "
            "more than $2 billion to Freedonia.\n\n"
            "This agreement replaces an earlier $12 billion 10-year memorandum, which runs "
            "through FY2025.\n\n"
            "Freedonia's civil war began on March 3, 2021. Since then, donors have committed "
            "more than $700 million in security aid.")
    got = [(c.fields["amount_usd"], c.fields.get("fy_start"), c.fields.get("fy_end"))
           for c in _money(text)]
    assert got == [(Decimal(80000000), 2011, 2024), (Decimal(20000000), 2011, 2024),
                   (Decimal(2000000000), 1995, 2024), (Decimal(12000000000), 2016, 2025),
                   (Decimal(700000000), 2021, 2024)]
    checks = [" ".join(c.check) for c in _money(text)]
    assert all("inferred" in c for c in checks)


def _drafted(text: str, reference: list[Any] | None = None,
             version: dt.date = V) -> list[Any]:
    from kb.draft.run import constructed

    ref = [constructed(d.kind, d.fields) for d in reference or []]
    return build_draft(text, ref, {d.id: d.kind for d in reference or []},
                       version=version).facts


def test_a_running_total_restated_from_a_new_anchor_keeps_its_id() -> None:
    old = ("Freedonia's civil war began on March 3, 2021. From 2015 through May 2023, the "
           "United States has committed more than $5.2 billion in security assistance to "
           "Freedonia. Of this amount, more than $4.1 billion has been committed since March "
           "2021.")
    new = ("Freedonia's civil war began on March 3, 2021. Since then, the United States has "
           "committed more than $6.3 billion in security aid to support Freedonia's defense, "
           "according to the State Department.")
    before = [d for d in _drafted(old, version=dt.date(2023, 5, 30))
              if d.kind == "appropriation"]
    since_war = next(d for d in before if d.fields["amount_usd"] == Decimal(4100000000))
    after = [d for d in _drafted(new, before, version=dt.date(2024, 6, 1))
             if d.kind == "appropriation"]
    # one fact for the one figure, under the id of the total counted from the same start
    assert [(d.id, d.fields["fy_start"], d.fields["fy_end"]) for d in after] == [
        (since_war.id, 2021, 2024)]


def test_a_figure_restated_elsewhere_is_not_matched_to_another_amount() -> None:
    old = ("Regular defense appropriations included $250 million for the Ukraine Security "
           "Assistance Initiative (USAI) in FY2022. The supplemental included $8 billion for "
           "USAI.")
    new = ("The supplemental included $8 billion for USAI and $11 billion for the Ukraine "
           "Security Assistance Initiative (USAI) in FY2022. Another $250 million per year was "
           "provided for USAI in regular FY2022 and FY2023 appropriations.")
    before = [d for d in _drafted(old, version=dt.date(2022, 5, 1)) if d.kind == "appropriation"]
    regular = next(d for d in before if d.fields["amount_usd"] == Decimal(250000000))
    after = {d.fields["amount_usd"]: d.id for d in _drafted(new, before,
                                                            version=dt.date(2023, 10, 5))
             if d.kind == "appropriation"}
    assert after[Decimal(250000000)] == regular.id
    assert after[Decimal(11000000000)] != regular.id


def test_parts_of_a_figure_relative_clauses_and_runs_of_years() -> None:
    text = ("Under the compact, the United States pledges to provide $9 billion in aid ($7 "
            "billion in FMF grants plus $2 billion in missile defense appropriations) to "
            "Ruritania over FY2030-FY2039.\n\n"
            "These accounts, which are provided in Title IV of the bill, would see a total of "
            "$3.1 billion for FY2031 under the request.\n\n"
            "Another $40 million per year was provided for IMET in regular FY2027 and FY2028 "
            "appropriations, as well as in FY2029 continuing appropriations.\n\n"
            "The Administration requested $80 million for FY2031, besides the $25 million it "
            "had planned to allocate to Ruritania in FY2031.")
    got = [(c.fields["amount_usd"], c.fields.get("status"), c.fields.get("fy_start"),
            c.fields.get("fy_end")) for c in _money(text, version=dt.date(2030, 11, 1))]
    assert got == [
        (Decimal(9000000000), "committed", 2030, 2039),
        (Decimal(7000000000), "committed", 2030, 2039),
        (Decimal(2000000000), "committed", 2030, 2039),
        (Decimal(3100000000), "requested", 2031, 2031),
        (Decimal(40000000), "appropriated", 2027, 2029),
        (Decimal(80000000), "requested", 2031, 2031),
        (Decimal(25000000), "allocated", 2031, 2031),
    ]


def test_a_page_break_inside_a_sentence_does_not_end_it() -> None:
    text = ("On March 2, 2031, the Administration\n\nreleased its budget request, which called "
            "for $12 billion.\n\nA new paragraph begins here.")
    got = sentences(text)
    assert [s.text for s in got] == [
        "On March 2, 2031, the Administration released its budget request, which called for "
        "$12 billion.", "A new paragraph begins here."]
    assert got[0].paragraph == 0 and got[1].paragraph == 1


def test_section_numbers_period_starts_and_the_date_line_are_not_drafted() -> None:
    text = ("Ruritania: Background and U.S. Relations\nAnalyst in Foreign Affairs\nMarch 3, 2031\n"
            "\nSection 1206 obligations totaled $40 million in FY2030, and Title 22 programs "
            "were reviewed by the 121 st Congress. The United States has provided aid to "
            "Ruritania since 1961 and 1975, respectively. Since June 2019, these priorities "
            "have shifted after the government fell. Since 2020, policymakers have taken steps "
            "to adjust aid, and the Congress has appropriated $5 million a year since 2021.")
    drafted = build_draft(text, [], version=dt.date(2031, 3, 3)).facts
    assert [d.fields["value"] for d in drafted if d.kind == "indicator"] == []
    # not the date line, nor a period's first year in a sentence about money
    assert [d.fields["date"] for d in drafted if d.kind == "event"] == ["1961", "2019-06"]


def test_a_restated_event_whose_new_sentence_gives_no_date_is_dropped() -> None:
    old = "From 2014, when the conflict began, through May 2023, donors pledged $5 billion."
    new = "Since then, the United States has committed more than $6 billion to Ruritania."
    before = _drafted(old, version=dt.date(2023, 5, 30))
    assert [d.fields["date"] for d in before if d.kind == "event"] == ["2014"]
    after = _drafted(new, before, version=dt.date(2024, 6, 1))
    assert [d for d in after if d.kind == "event"] == []


def test_differences_bill_stages_and_the_years_of_the_next_figure() -> None:
    text = ("The Administration requested $900 million for Ruritania for FY2031. That amount "
            "would be $120 million, or 12%, less than the estimated $1.02 billion allocated to "
            "the country in FY2030.\n\n"
            "On July 9, 2030, the full House approved H.R. 9999, providing $300 million in ESF "
            "to Ruritania, and the Senate Appropriations Committee reported S. 8888, providing "
            "$280 million in ESF.\n\n"
            "In May 2030, the Administration presented an FY2030 supplemental request of about "
            "$2 billion, a regular FY2031 request of $400 million, and an emergency FY2031 "
            "request of $1 billion.\n\n"
            "For FY2030, Congress fully funded the Administration's requested $95 million for "
            "the program, with a reduction of $5 million from other lines.")
    got = [(c.fields["amount_usd"], c.fields.get("status"), c.fields.get("fy_start"))
           for c in _money(text, version=dt.date(2030, 11, 1))]
    assert got == [
        (Decimal(900000000), "requested", 2031),
        (Decimal(120000000), None, 2031),  # a difference: no stage, the paragraph's year
        (Decimal(1020000000), "estimated", 2030),
        (Decimal(300000000), "house_passed", None),
        (Decimal(280000000), "committee_reported", None),
        (Decimal(2000000000), "requested", 2030),
        (Decimal(400000000), "requested", 2031),
        (Decimal(1000000000), "requested", 2031),
        (Decimal(95000000), "appropriated", 2030),
        (Decimal(5000000), None, 2030),
    ]
    difference = _money(text, version=dt.date(2030, 11, 1))[1]
    assert "status" in difference.needs
    assert any("a difference between two figures" in c for c in difference.check)


def test_a_place_set_off_for_one_figure_is_not_every_figures() -> None:
    text = ("In June 2030, Congress approved supplemental appropriations for Ruritania aid. The "
            "act provides $500 million in ESF; $90 million in INCLE; and $200 million for CERP, "
            "the latter to be shared with Iraq. It also provides $60 million in IMET.")
    text = text.replace("Ruritania", "Moldova")
    got = [(c.fields["amount_usd"], c.fields.get("recipient")) for c in _money(text)]
    assert got == [(Decimal(500000000), "Moldova"), (Decimal(90000000), "Moldova"),
                   (Decimal(200000000), "Iraq"), (Decimal(60000000), "Moldova")]


def test_a_line_item_keeps_its_id_from_the_bill_to_the_act() -> None:
    old = ("The Administration requested $2.2 billion in ESF for Moldova for FY2031. On July 9, "
           "2030, the House passed H.R. 9999, providing $2.1 billion in ESF to Moldova for "
           "FY2031.")
    new = ("In December 2030, Congress enacted the FY2031 appropriations act, providing $2 "
           "billion in the Economic Support Fund (ESF) for Moldova.")
    before = [d for d in _drafted(old, version=dt.date(2030, 10, 1))
              if d.kind == "appropriation"]
    passed = next(d for d in before if d.fields["status"] == "house_passed")
    after = [d for d in _drafted(new, before, version=dt.date(2031, 2, 1))
             if d.kind == "appropriation"]
    assert [(d.id, d.fields["status"], d.review) for d in after] == [
        (passed.id, "appropriated", "revised")]


def test_a_title_printed_twice_wins_over_page_furniture() -> None:
    text = ("Slideshow Viewer Logo Here\n1 of 23\nDownload to read offline\n"
            "Ruritania: U.S. Foreign Assistance\n\nA. N. Author\nSpecialist in Foreign Affairs\n"
            "August 12, 2030\nCongressional Research Service\nR99999\n"
            "Ruritania: U.S. Foreign Assistance\n\nSummary\nThe U.S. program of assistance ...")
    assert revision_from_text(text, "x.txt", "text").title == "Ruritania: U.S. Foreign Assistance"


def test_dates_written_as_crs_writes_them() -> None:
    from kb.draft.extractors.events import dates_in

    assert [d for _, d in dates_in("In April and May 2031, the Administration proposed aid.")] == [
        "2031-04"]
    assert [d for _, d in dates_in("The program was initiated in late 2029 by the State "
                                   "Department.")] == ["2029"]
    got = dates_in("DOD sent the request in November 2030 and, in December, Congress "
                   "approved it; in January the first funds moved.")
    assert [d for _, d in got] == ["2030-11", "2030-12", "2031-01"]
    text = ("On July 10, 2031, the Senate Appropriations Committee did not address the "
            "request.")
    assert [c.fields["date"] for c in extract(sentences(text), version=dt.date(2031, 9, 1))
            if c.kind == "event"] == ["2031-07-10"]


def test_a_statistic_the_text_writes_no_figure_for_is_kept_when_restated() -> None:
    from kb.draft.run import constructed

    old = {"id": "ruritania-rank-source", "kind": "indicator", "name": "Rank of Ruritania among "
           "sources of opium", "value": 1, "unit": "rank",
           "quote": "Since 2019, Ruritania has been the primary source of opium seized abroad."}
    new = "Since 2019, Ruritania has remained the primary source of the opium seized abroad."
    drafted = build_draft(new, [constructed("indicator", old)], {old["id"]: "indicator"},
                          version=dt.date(2025, 1, 1)).facts
    kept = next(d for d in drafted if d.id == old["id"])
    assert kept.review == "revised" and kept.fields["value"] == 1
    assert any("writes no figure" in c for c in kept.check)


def test_requests_sought_periods_as_of_and_parts_of_a_whole() -> None:
    text = ("In his amended FY2031 request, the President seeks $4 billion for a new fund.\n\n"
            "The FY2032 budget request includes more than $7 billion for health programs, "
            "roughly 3% less than in FY2031.\n\n"
            "In FY2029 and as of mid-August 2030, the United States has allocated more than $900 "
            "million to Ruritania.\n\n"
            "About $4.5 billion of the $12 billion in total U.S. aid provided between 1995 and "
            "2029 has come from the FREEDOM Support Act (FSA) account.\n\n"
            "On March 2, 2030, the IMF and Moldova agreed on a loan package of $2.5 billion. In "
            "March 2030, the Administration said that the United States has provided over $95 "
            "million in aid to Moldova over the previous year.")
    got = [(c.fields["amount_usd"], c.fields.get("status"), c.fields.get("fy_start"),
            c.fields.get("fy_end"), c.fields.get("account"))
           for c in _money(text, version=dt.date(2030, 9, 1))]
    assert got == [
        (Decimal(4000000000), "requested", 2031, 2031, None),
        (Decimal(7000000000), "requested", 2032, 2032, None),  # not the comparison's FY2031
        (Decimal(900000000), "allocated", 2029, 2030, None),
        (Decimal(4500000000), "appropriated", 1995, 2029, None),  # the account is far after it
        (Decimal(12000000000), "appropriated", 1995, 2029, None),
        (Decimal(2500000000), None, 2030, 2030, None),  # "agreed on" names no stage: a need
        (Decimal(95000000), "appropriated", 2029, 2030, None),
    ]


def test_a_statistic_is_no_event_and_an_event_on_the_versions_own_day_is() -> None:
    text = ("On March 2, 2030, the IMF and Moldova agreed on a loan package of $2.5 billion. "
            "Comparing the request with FY2029 levels, the request represents a 12% cut.")
    events = [c.fields["date"] for c in extract(sentences(text), version=dt.date(2030, 3, 2))
              if c.kind == "event"]
    assert events == ["2030-03-02"]
