"""Languages end to end: identified at ingest, stored, a Russian article analysed by natasha
with its names joined to the English articles' entities, an unsupported one stored and
searchable but not analysed, with one line that says so."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsprism.cli import app
from newsprism.ingest.prepare import identify_languages
from newsprism.nlp.language import identify, normalise_tag

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
runner = CliRunner()

# written for this test, on the coup-plot story of examples 000/001; it quotes no one's real words
RUSSIAN = """Лукашенко рассказал о раскрытом заговоре

Президент Белоруссии Александр Лукашенко заявил в субботу, что спецслужбы страны раскрыли \
заговор с целью государственного переворота. По словам Лукашенко, организаторы готовили \
покушение на него и на членов его семьи.

Белорусский лидер добавил, что обсудил ситуацию с президентом России Владимиром Путиным. \
Задержанных доставили в Минск.
"""
UZBEK = """Toshkentda yangi metro bekati ochildi

Poytaxtda bugun yangi metro bekati foydalanishga topshirildi. Shahar hokimligi ma'lumotiga \
ko'ra, bekat kuniga o'n ming yo'lovchiga xizmat ko'rsatadi. Qurilish ishlari ikki yil davom \
etgan.
"""


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Belarus says it foiled a coup plot backed by the United States", "en"),
        ("Лукашенко заявил о раскрытом заговоре", "ru"),
        ("Лукашенко заявив про розкриту змову, яку підтримували іноземні спецслужби", "uk"),
        ("Лукашэнка заявіў пра раскрыццё змовы", "be"),
        ("Poytaxtda bugun yangi metro bekati foydalanishga topshirildi", "uz"),
    ],
)
def test_identify(text: str, language: str) -> None:
    assert identify(text).language == language


def test_no_letters_no_language() -> None:
    assert identify("12 345 — 67").language is None


def test_language_tags() -> None:
    assert normalise_tag("ru-RU") == "ru"
    assert normalise_tag(" EN_gb ") == "en"
    assert normalise_tag("not a tag") is None
    assert normalise_tag(None) is None


def test_paragraphs_in_another_language_are_listed() -> None:
    ru = "Президент Белоруссии заявил в субботу, что переговоры с Россией прошли успешно."
    en = "The president said on Saturday that the talks with Russia had gone well."
    text = f"{ru}\n\n{ru}\n\n{en}"
    spans = ((0, len(ru)), (len(ru) + 2, 2 * len(ru) + 2), (2 * len(ru) + 4, len(text)))
    assert identify_languages(text, spans) == ("ru", ((spans[2][0], spans[2][1], "en"),))


def _json(db: Path, *args: str) -> Any:
    result = runner.invoke(app, [*args, "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("mixed")
    for example in sorted(EXAMPLES.glob("00[01]_*.txt")):
        shutil.copy(example, folder)
    (folder / "ru_coup.txt").write_text(RUSSIAN, encoding="utf-8")
    (folder / "uz_metro.txt").write_text(UZBEK, encoding="utf-8")
    (folder / "given.jsonl").write_text(
        json.dumps({"title": "Metro", "text": UZBEK, "language": "ru-RU"}) + "\n",
        encoding="utf-8",
    )
    db = folder / "store.db"
    result = runner.invoke(app, ["analyze", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    return db, result.stderr


def test_languages_are_stored_and_a_given_field_wins(mixed: tuple[Path, str]) -> None:
    db, _ = mixed
    with sqlite3.connect(db) as con:
        rows = dict(con.execute("SELECT source, language FROM articles").fetchall())
    by_name = {Path(source).name: language for source, language in rows.items()}
    assert by_name["ru_coup.txt"] == "ru"
    assert by_name["uz_metro.txt"] == "uz"
    assert by_name["given.jsonl#1"] == "ru"  # the input's own field, not the text's
    assert [by_name[n] for n in sorted(by_name) if n.startswith("00")] == ["en", "en"]


def test_unsupported_language_is_stored_searchable_and_not_analysed(
    mixed: tuple[Path, str],
) -> None:
    db, printed = mixed
    line = "uz_metro.txt: warning: language uz (Uzbek) is not supported; stored and searchable"
    assert line in " ".join(printed.split())
    listed = runner.invoke(app, ["errors", "--db", str(db)])
    assert listed.exit_code == 0, listed.stderr
    warnings = [line for line in listed.stdout.splitlines() if "uz_metro.txt" in line]
    assert len(warnings) == 1
    assert warnings[0].endswith(
        "language uz (Uzbek) is not supported; stored and searchable, not analysed"
    )
    found = runner.invoke(app, ["search", "Toshkentda", "--db", str(db)])
    assert found.exit_code == 0 and "Toshkentda yangi metro bekati ochildi" in found.stdout
    with sqlite3.connect(db) as con:
        analysed = {
            Path(source).name
            for (source,) in con.execute(
                "SELECT a.source FROM articles a JOIN article_stages s ON s.article_id = a.id"
                " WHERE s.stage = 'understand'"
            )
        }
    assert "uz_metro.txt" not in analysed
    assert {"ru_coup.txt", "given.jsonl#1"} <= analysed


def test_russian_names_join_the_english_entities(mixed: tuple[Path, str]) -> None:
    db, _ = mixed
    entities = {e["name"]: e for e in _json(db, "entities")}
    lukashenko = entities["Alexander Lukashenko"]
    assert {"Лукашенко", "Александр Лукашенко", "Lukashenko"} <= set(lukashenko["aliases"])
    putin = next(e for e in entities.values() if "Владимиром Путиным" in e["aliases"])
    assert putin["name"] != "Владимиром Путиным"  # named by its dictionary form at worst
    assert "Минск" in entities or any("Минск" in e["aliases"] for e in entities.values())


@pytest.mark.parametrize(
    ("phrase", "value", "granularity"),
    [
        ("17 апреля 2020 года", "2020-04-17", "day"),
        ("17 апреля", "2020-04-17", "day"),
        ("в прошлую пятницу", "2020-09-04", "day"),  # published on Wednesday 9 September
        ("в субботу", "2020-09-05", "day"),
        ("на прошлой неделе", "2020-W36", "week"),
        ("в прошлом месяце", "2020-08", "month"),
        ("вчера", "2020-09-08", "day"),
        ("три дня назад", "2020-09-06", "day"),
        ("в 2019 году", "2019", "year"),
        ("в декабре", "2019-12", "month"),  # months ahead of the paper are last year's
    ],
)
def test_russian_dates_resolve_against_the_publication_date(
    phrase: str, value: str, granularity: str
) -> None:
    from datetime import date

    from newsprism.nlp.time.russian import extract_times_ru

    text = f"Об этом стало известно {phrase}, сообщили источники."
    found = extract_times_ru("a", text, date(2020, 9, 9))
    assert [(t.text.removeprefix("Об этом стало известно "), t.value, t.granularity)
            for t in found] == [(phrase, value, granularity)]  # fmt: skip


def test_a_russian_article_is_dated_on_its_timeline(tmp_path: Path) -> None:
    record = {"title": "Заговор раскрыт", "text": RUSSIAN, "date": "2021-04-19", "outlet": "Test"}
    (tmp_path / "ru.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["analyze", str(tmp_path / "ru.jsonl"), "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    events = _json(db, "timeline")
    # "заявил в субботу" in a Monday paper: Saturday 17 April
    assert any(
        e["date"] == "2021-04-17" and any("заявил в субботу" in r["text"] for r in e["reports"])
        for e in events
    )
    quotes = _json(db, "quotes")
    by_cue = {q["cue"]: q for q in quotes}
    assert by_cue["заявил"]["speaker"] == "Александр Лукашенко"  # no English article here
    assert by_cue["По словам"]["speaker"] == "Александр Лукашенко"


# written for this test; it quotes no one's real words
UKRAINIAN = """Зеленський заявив про переговори

Президент України Володимир Зеленський заявив, що Київ готовий до переговорів. За словами \
Зеленського, делегація прибуде до Стамбула у вівторок.

«Ми не відступимо», — сказав він журналістам.
"""


def test_a_ukrainian_article_is_analysed_with_its_names_and_quotes(tmp_path: Path) -> None:
    (tmp_path / "uk.txt").write_text(UKRAINIAN, encoding="utf-8")
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["analyze", str(tmp_path), "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    assert "not supported" not in result.stderr
    entities = {e["name"]: e for e in _json(db, "entities")}
    zelensky = entities["Володимир Зеленський"]
    assert "Зеленського" in zelensky["aliases"]  # the genitive joins the full name
    quotes = {q["cue"]: q for q in _json(db, "quotes")}
    assert quotes["заявив"]["speaker"] == "Володимир Зеленський"
    assert quotes["За словами"]["speaker"] == "Володимир Зеленський"
    assert quotes["сказав"]["speaker"] == "Володимир Зеленський"  # "він", resolved
    # measured on real Ukrainian news, the speakers are no better than a baseline: said so
    from newsprism.report.pages import article_page
    from newsprism.report.render import Links
    from newsprism.store.api import Store

    with Store(db, readonly=True) as store:
        article_id = next(store.articles()).article.id
        page = article_page(store, article_id, Links(static=True, depth=1), [])
    assert page is not None and page["quotes_caveat"].startswith("quote speakers in uk are")


# written for these tests, on the coup-plot story of examples 000/001 and on something else;
# they quote no one's real words
PLOT = """В Москве задержаны подозреваемые в подготовке переворота в Белоруссии

Комитет государственной безопасности Белоруссии сообщил, что в Москве при участии ФСБ России \
задержаны юрист Юрий Зенкович и политолог Александр Федута. По данным КГБ, они готовили \
государственный переворот и покушение на президента Александра Лукашенко.

Лукашенко заявил, что к заговору причастны спецслужбы США. Зенкович, по словам белорусских \
силовиков, имеет американское гражданство.

Официальный представитель КГБ Андрей Ярош сообщил, что Минск направил в США запрос о правовой \
помощи по уголовному делу.
"""
PLOT_AGAIN = """КГБ Белоруссии раскрыл заговор против Лукашенко

Белорусские спецслужбы совместно с ФСБ задержали в Москве Юрия Зенковича и Александра Федуту, \
которых обвиняют в подготовке военного переворота и убийства Александра Лукашенко.

По словам представителя КГБ Андрея Яроша, Минск запросил у США правовую помощь, поскольку трое \
обвиняемых находятся в Америке. Зенкович имеет гражданство США.
"""
FOOTBALL = """«Динамо» обыграло «Спартак» в московском дерби

Московское «Динамо» в воскресенье победило «Спартак» со счётом 2:1 в матче чемпионата России по\
 футболу. Оба мяча хозяев забил нападающий команды во втором тайме.

Главный тренер «Спартака» заявил после игры, что его команда допустила слишком много ошибок в \
обороне. Следующий матч «Динамо» проведёт в Казани.
"""


@pytest.fixture(scope="module")
def russian_stories(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ru_stories")
    for example in sorted(EXAMPLES.glob("00[01]_*.txt")):
        shutil.copy(example, folder)
    for name, text in (("plot", PLOT), ("plot_again", PLOT_AGAIN), ("football", FOOTBALL)):
        (folder / f"ru_{name}.txt").write_text(text, encoding="utf-8")
    db = folder / "store.db"
    result = runner.invoke(app, ["analyze", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    assert "not framed" not in result.stdout  # Russian has framing heads now
    return db


def _stories_by_file(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as con:
        rows = con.execute(
            "SELECT a.source, s.story_id FROM articles a JOIN story_articles s"
            " ON s.article_id = a.id"
        ).fetchall()
    return {Path(source).stem[:13]: story for source, story in rows}


def test_russian_articles_of_one_event_are_one_story_and_others_are_not(
    russian_stories: Path,
) -> None:
    """MiniLM read Cyrillic as noise and put every Russian article into one story; each
    language's own encoder tells them apart."""
    story = _stories_by_file(russian_stories)
    assert story["ru_plot"] == story["ru_plot_again"]
    assert story["ru_football"] != story["ru_plot"]
    # the English tellings keep their own story
    assert story["000_982a2f7b4"] == story["001_2eb6745bf"] != story["ru_plot"]


@pytest.mark.xfail(
    strict=True,
    reason="no encoder measured here aligns an English and a Russian telling of one story"
    " better than tellings of two; across languages only canonical entities compare, and"
    " they are too few to link these (see stories/cluster.compares_vectors)",
)
def test_a_russian_telling_joins_the_english_story(russian_stories: Path) -> None:
    story = _stories_by_file(russian_stories)
    assert story["ru_plot"] == story["000_982a2f7b4"]


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("17 квітня 2020 року", "2020-04-17"),
        ("у минулу п’ятницю", "2020-09-04"),
        ("минулого тижня", "2020-W36"),
        ("у минулому місяці", "2020-08"),
        ("три дні тому", "2020-09-06"),
        ("вчора", "2020-09-08"),
    ],
)
def test_ukrainian_dates(phrase: str, value: str) -> None:
    from datetime import date

    from newsprism.nlp.time.russian import extract_times_ru

    found = extract_times_ru("a", f"Про це стало відомо {phrase}.", date(2020, 9, 9))
    assert [(t.text.removeprefix("Про це стало відомо "), t.value) for t in found] == [
        (phrase, value)
    ]


def test_the_report_shows_each_article_language(mixed: tuple[Path, str], tmp_path: Path) -> None:
    db, _ = mixed
    out = tmp_path / "report"
    result = runner.invoke(app, ["report", "--db", str(db), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    pages = [p.read_text(encoding="utf-8") for p in (out / "article").glob("*.html")]
    shown = [p for p in pages if 'id="language"' in p]
    assert len(shown) == len(pages)
    assert sum("uz (not analysed: not supported)" in p for p in pages) == 1


def test_a_verb_that_heads_itself_under_another_label_ends_the_subject_search() -> None:
    """A parse can leave a root labelled "conj"; following heads must stop there (a real
    Ukrainian article once recursed until Python gave up)."""
    import spacy
    from spacy.tokens import Doc

    from newsprism.nlp.quotes.russian_lexicon import lexicon_for
    from newsprism.nlp.quotes.russian_speakers import subject

    vocab = spacy.blank("ru").vocab
    doc = Doc(vocab, words=["заявив", "що"], heads=[0, 0], deps=["conj", "mark"],
              pos=["VERB", "SCONJ"])  # fmt: skip
    assert subject(doc[0], lexicon_for("uk")) is None


def test_compare_says_russian_claims_are_not_compared(russian_stories: Path) -> None:
    story = _stories_by_file(russian_stories)["ru_plot"]
    result = runner.invoke(app, ["compare", story, "--db", str(russian_stories)])
    assert result.exit_code == 0, result.stderr
    assert "not compared (ru)" in result.stdout
    # the spelling each outlet chooses, not the case it needs: "Юрия Зенковича" is "Юрий Зенкович"
    assert "Юрия Зенковича" not in result.stdout


def test_russian_articles_are_framed_and_gated_by_russian_figures(russian_stories: Path) -> None:
    from newsprism.framing.reliability import label_reliability, scheme_reliability

    result = runner.invoke(app, ["framing", "--db", str(russian_stories), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    with sqlite3.connect(russian_stories) as con:
        russian = {r[0] for r in con.execute("SELECT id FROM articles WHERE language = 'ru'")}
    genres = [r for r in rows if r["scheme"] == "genre" and r["article_id"] in russian]
    assert len(genres) == 3
    for row in rows:
        if row["article_id"] in russian:
            # gated by the Russian figures, not the English ones the same label has
            gate = label_reliability(row["scheme"], row["label"], "ru")
            assert row["reliable"] == gate.reliable, row
            assert row["finding"] == ("yes" if gate.reliable else f"unreliable: {gate.reason}")
    english = [r for r in rows if r["article_id"] not in russian and r["scheme"] == "role"]
    assert english and not any(r["reliable"] for r in english)  # English roles do not beat
    assert scheme_reliability("role", "ru").reliable  # ... the majority; Russian ones do
