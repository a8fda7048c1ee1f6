"""Stories in a language other than English: Russian pages (our own fictional text) end to end."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from wiretrace.config import Settings
from wiretrace.engines import local
from wiretrace.stories.features import text_terms

# two outlets telling one event in their own words, the same subject months later, another event
RECORDS = [
    {
        "id": "ru-dam-wire",
        "outlet": "Северный вестник",
        "published": "14.03.2025",
        "title": "Плотина на реке Весса прорвалась у Тарнвика",
        "text": "Плотина на реке Весса прорвалась в пятницу утром у города Тарнвик. Вода "
        "затопила нижние кварталы, спасатели эвакуировали 1200 жителей. Министр "
        "инфраструктуры Халла Бреннік заявила, что причины аварии выяснит комиссия. "
        "По словам спасателей, погибших нет, но 14 человек получили травмы. Дороги к "
        "Тарнвику перекрыты, школы города закрыты до понедельника.",
    },
    {
        "id": "ru-dam-local",
        "outlet": "Долина сегодня",
        "published": "14.03.2025",
        "title": "Прорыв плотины под Тарнвиком: эвакуированы 1200 человек",
        "text": "Утром в пятницу прорвало плотину на Вессе возле Тарнвика. Из затопленных "
        "кварталов спасатели вывезли 1200 жителей, травмы получили 14 человек, погибших "
        "нет. Министр инфраструктуры Бреннік пообещала, что причины прорыва изучит "
        "комиссия. Школы Тарнвика не работают до понедельника, дороги к городу закрыты.",
    },
    {
        "id": "ru-dam-report",
        "outlet": "Северный вестник",
        "published": "02.06.2025",
        "title": "Комиссия назвала причиной аварии на плотине ошибки подрядчика",
        "text": "Правительственная комиссия опубликовала доклад о разрушении плотины у "
        "Тарнвика. Эксперты нашли трещины в бетоне, которые подрядчик не устранил при "
        "ремонте 2019 года. Компании грозит штраф в 40 миллионов. Парламент обсудит "
        "доклад на следующей неделе, сообщили в аппарате спикера.",
    },
    {
        "id": "ru-football",
        "outlet": "Спорт-экспресс Норланда",
        "published": "14.03.2025",
        "title": "Сборная Норланда обыграла соседей в отборочном матче",
        "text": "Футболисты сборной Норланда победили со счётом 3:1 в отборочном матче "
        "чемпионата. Два гола забил нападающий Эйнар Волд, ещё один мяч провёл в ворота "
        "защитник. Главный тренер похвалил команду за игру в обороне.",
    },
]


def test_russian_pages_make_their_stories(tmp_path: Path) -> None:
    """Russian pages: language detected, day-first dates read, one event's two tellings one
    story, the same subject months later and another event apart."""
    dump = tmp_path / "ru.jsonl"
    dump.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS), "utf-8")
    report = local.run([dump], tmp_path / "ru.duckdb", Settings(workers=1)).report
    documents = {d["id"]: d for d in report["documents"]}
    assert {d["language"] for d in documents.values()} == {"ru"}
    assert documents["ru-dam-wire"]["published"].startswith("2025-03-14")
    assert documents["ru-dam-report"]["published"].startswith("2025-06-02")
    stories = sorted(sorted(s["documents"]) for s in report["stories"])
    assert stories == [["ru-dam-local", "ru-dam-wire"], ["ru-dam-report"], ["ru-football"]]


def test_inflected_russian_forms_are_shared_terms() -> None:
    """The two tellings share more terms once words are stemmed ("Тарнвика" and "Тарнвиком"
    are one term): about three quarters of the shorter one's terms are the other's, against
    under six in ten word for word."""
    wire, local_ = (text_terms([(r["title"], r["text"])])[0] for r in RECORDS[:2])
    shared = np.intersect1d(wire, local_).size
    assert shared / min(wire.size, local_.size) > 0.68
